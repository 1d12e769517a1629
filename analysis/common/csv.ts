/** RFC 4180 CSV for `?format=csv`: a header row, then one line per record, CRLF line ends. */
export type CsvValue = string | number | boolean | null;

/**
 * Text starting with one of these would run as a formula when a spreadsheet opens the CSV (CSV
 * injection; OWASP's list): a visitor's page title, UTM tag or prop is theirs to choose. Such
 * text gets a leading quote. One definition for the analyses' CSV and the events export's SQL.
 */
const FORMULA_START = '=+\\-@\\t\\r';
const FORMULA = new RegExp(`^[${FORMULA_START}]`);

/** SQL of the same guard over a String column, for CSV that ClickHouse writes itself. */
export function csvTextSql(column: string): string {
  return `if(match(${column}, '^[${FORMULA_START.replace(/\\/g, '\\\\')}]'), concat('\\'', ${column}), ${column})`;
}

function cell(v: CsvValue): string {
  if (v === null) return '';
  const s = String(v);
  const safe = typeof v === 'string' && FORMULA.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c] ?? null)).join(','));
  return lines.join('\r\n') + '\r\n';
}
