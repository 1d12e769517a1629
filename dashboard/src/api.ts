/**
 * The API client: same-origin fetches (the session cookie rides along; browsers add the Origin
 * header the CSRF check wants), every response parsed by the server's own zod schema, errors
 * turned into one ApiError with the server's code and message.
 */
import type { z } from 'zod';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What to show for a failed request: the server's message, or the error's own. */
export const errorMessage = (err: unknown): string => (err instanceof ApiError ? err.message : String(err));

/** Called when the session ended (401): the server then answers the page with the login form. */
let onSignedOut = () => location.reload();
export const setSignedOutHandler = (f: () => void) => (onSignedOut = f);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function request<S extends z.ZodType>(path: string, schema: S, opts: RequestOptions = {}): Promise<z.infer<S>> {
  const res = await send(path, opts);
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'bad_response', 'The server sent something that is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
    throw new ApiError(res.status, 'bad_response', `The server's answer did not have the expected shape (${where}).`);
  }
  return parsed.data;
}

/** For endpoints whose answer we do not read (204, DELETE). */
export async function requestVoid(path: string, opts: RequestOptions = {}): Promise<void> {
  await send(path, opts);
}

/** Raw text (CSV exports). */
export async function requestText(path: string, opts: RequestOptions = {}): Promise<string> {
  return (await send(path, opts)).text();
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const init: RequestInit = { method: opts.method ?? 'GET', credentials: 'same-origin', signal: opts.signal ?? null, headers: { accept: 'application/json' } };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Could not reach the Waymark server. Is it running?');
  }
  if (res.status === 401) {
    onSignedOut();
    throw new ApiError(401, 'unauthorized', 'Your session ended. Please sign in again.');
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : 'http_' + res.status;
    const message = typeof body.error?.message === 'string' ? body.error.message : res.statusText;
    return new ApiError(res.status, code, message);
  } catch {
    return new ApiError(res.status, 'http_' + res.status, `The server answered ${res.status} ${res.statusText}.`);
  }
}

/** `?a=1&b=2` from defined, non-empty values, in a stable order (cache keys, shareable URLs). */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const sitePath = (site: string, rest = '') => `/api/sites/${encodeURIComponent(site)}${rest}`;
