/**
 * Settings. The IIFE passes its <script> tag's `dataset` (data-respect-dnt → respectDnt), the ESM
 * build an options object with the same camelCase names, so one init serves both. A flag is on
 * when its key is present (a bare attribute reads as ""); the ESM adapter drops `false` values.
 */
export interface Config {
  site?: string;
  api?: string;
  hash?: string;
  cookieless?: string;
  respectDnt?: string;
  allowLocalhost?: string;
  exclude?: string;
  downloadExtensions?: string;
}

/**
 * `data-exclude="/admin/**, /drafts/*"` → one RegExp on location.pathname, or nothing.
 * `*` stays inside one path segment, `**` crosses segments; a trailing slash is tolerated.
 * "." is not escaped (it then matches any character): harmless for paths, and saves bytes.
 */
export const globs = (s?: string): RegExp | null | undefined => {
  const g = s?.match(/[^\s,]+/g);
  return g && RegExp('^(' + g.join('|').replace(/\*\*?/g, (m) => (m[1] ? '.*' : '[^/]*')) + ')/?$');
};

/** File extensions counted as downloads; `data-download-extensions="pdf,zip"` replaces the list. */
export const extensions = (s?: string): RegExp =>
  RegExp('\\.(' + (s || 'pdf|docx?|xlsx?|pptx?|csv|zip|gz|dmg|exe|mp[34]').replace(/[\s,]+/g, '|') + ')$', 'i');
