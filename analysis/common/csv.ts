/** RFC 4180 CSV for `?format=csv`: a header row, then one line per record, CRLF line ends. */
export type CsvValue = string | number | boolean | null;

function cell(v: CsvValue): string {
  if (v === null) return '';
  const s = String(v);
  // A leading =, +, - or @ would run as a formula in spreadsheets: prefix a quote (OWASP advice).
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c] ?? null)).join(','));
  return lines.join('\r\n') + '\r\n';
}
