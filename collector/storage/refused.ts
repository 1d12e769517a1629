/**
 * Rows ClickHouse refuses: an insert that fails because of the data itself, not because the store
 * is down, busy or out of memory. Retrying the same bytes can never succeed, so without this the
 * writer would retry one batch forever, and every event after it would wait in the log until the
 * disk cap turned them away (how one page title with a lone surrogate once stopped ingestion).
 *
 * The writer then finds the refused lines by bisection (writer.ts) and sets them aside in a file
 * (wal.ts `setAside`), counted and logged, so the rest of the batch is stored and the log moves on.
 * A refused insert stores nothing (checked with chdb up to the largest batch, 1 M rows), so the
 * halves can be inserted without storing any row twice.
 */
import { clickHouseErrorCode } from './clickhouse.js';

/**
 * ClickHouse error codes that mean "this input cannot be stored as it is": parse errors, values
 * out of a column type's range, unknown enum elements. Anything else (connection, memory,
 * timeouts, too many parts, read-only) is a failure the writer retries.
 */
const REFUSED_DATA_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  130, // CANNOT_READ_ARRAY_FROM_TEXT
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
  376, // CANNOT_PARSE_UUID
  441, // CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING
  467, // CANNOT_PARSE_BOOL
  691, // UNKNOWN_ELEMENT_OF_ENUM
]);

/** True when ClickHouse refused the data itself (see REFUSED_DATA_CODES). */
export function isRefusedData(err: unknown): boolean {
  const code = clickHouseErrorCode(err);
  return code !== null && REFUSED_DATA_CODES.has(code);
}

/** Offsets where each line of `body` starts, then body.length: line i is [at[i], at[i + 1]). */
export function lineStarts(body: Buffer): number[] {
  const at = [0];
  for (let i = body.indexOf(0x0a); i >= 0 && i < body.length - 1; i = body.indexOf(0x0a, i + 1)) at.push(i + 1);
  at.push(body.length);
  return at;
}
