/**
 * Chart text and line colours: the stylesheet's --chart-* variables, so charts follow its light or
 * dark scheme (canvas text cannot read CSS variables itself). Read once, and again when the scheme
 * changes, rather than at each of the dozen places an option asks; the light scheme's defaults
 * where there is no stylesheet, as in unit tests.
 */
const LIGHT = { axis: '#cbd5e1', label: '#475569', split: '#eef2f7', legend: '#334155', node: '#1e293b' };
export type Ink = typeof LIGHT;

let read: Ink | undefined;

export function ink(): Ink {
  if (typeof document === 'undefined') return LIGHT;
  if (!read) {
    const css = getComputedStyle(document.documentElement);
    const v = (k: keyof Ink) => css.getPropertyValue(`--chart-${k}`).trim() || LIGHT[k];
    read = { axis: v('axis'), label: v('label'), split: v('split'), legend: v('legend'), node: v('node') };
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => (read = undefined), { once: true });
  }
  return read;
}
