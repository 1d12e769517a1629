/**
 * Chart text and line colours: the stylesheet's --chart-* variables, so charts follow its light or
 * dark scheme (canvas text cannot read CSS variables itself). Read when options are built; these
 * defaults (the light scheme's) where there is no stylesheet, as in unit tests.
 */
const LIGHT = { axis: '#cbd5e1', label: '#475569', split: '#eef2f7', legend: '#334155', node: '#1e293b' };
export type Ink = typeof LIGHT;

export function ink(): Ink {
  if (typeof document === 'undefined') return LIGHT;
  const css = getComputedStyle(document.documentElement);
  const read = (k: keyof Ink) => css.getPropertyValue(`--chart-${k}`).trim() || LIGHT[k];
  return { axis: read('axis'), label: read('label'), split: read('split'), legend: read('legend'), node: read('node') };
}
