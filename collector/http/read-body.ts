/**
 * Reads a request body as text, refusing more than `max` bytes with 413.
 * Hono's bodyLimit middleware makes @hono/node-server build a full web Request (stream, signal,
 * headers) for every request — on the ingestion hot path that cost more than everything else
 * together. Here Content-Length is checked first, then the Node request is read directly,
 * counting bytes (a chunked body has no length to trust).
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ApiError } from './errors.js';

function tooLarge(max: number, onTooLarge: () => void): ApiError {
  onTooLarge();
  return new ApiError(413, 'too_large', `body exceeds ${max} bytes`);
}

export async function readIncoming(incoming: IncomingMessage, max: number, onTooLarge: () => void): Promise<string> {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > max) {
    incoming.resume(); // discard it, so the 413 can still be sent on this connection
    throw tooLarge(max, onTooLarge);
  }
  // What browsers send: a declared length within the limit. node:http never delivers more body
  // than Content-Length, so no counting is needed, and plain 'data'/'end' listeners cost a few
  // µs less per request than the async iterator below (which stays for chunked bodies).
  if (declared !== undefined) return readDeclared(incoming);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      incoming.resume();
      throw tooLarge(max, onTooLarge);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

function readDeclared(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    incoming.on('data', (chunk: Buffer) => {
      if (!first) first = chunk;
      else (more ??= [first]).push(chunk);
    });
    incoming.once('end', () => resolve(more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '')));
    incoming.once('error', reject);
    // A client gone before the end: settle as the async iterator would, never hang.
    incoming.once('close', () => {
      if (!incoming.complete) reject(new Error('request closed before its body ended'));
    });
  });
}

export async function readBody(c: Context, max: number, onTooLarge: () => void): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) return readIncoming(incoming, max, onTooLarge);
  // Not served by node-server (app.request() in tests): the body is already in memory.
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > max) throw tooLarge(max, onTooLarge);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > max) throw tooLarge(max, onTooLarge);
  return text;
}
