/** `by=channel,device`: a comma-separated list of dimensions out of `allowed`, each at most once; absent: `defaults`. */
import { z } from 'zod';

export function dimensionListSchema<D extends string>(allowed: readonly D[], defaults: readonly D[]) {
  return z
    .string()
    .optional()
    .transform((text, ctx): D[] => {
      if (text === undefined) return [...defaults];
      const names = text.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = names.find((n) => !allowed.includes(n as D));
      if (bad !== undefined || names.length === 0 || new Set(names).size !== names.length) {
        const why = bad !== undefined ? `unknown dimension "${bad.slice(0, 40)}"` : names.length === 0 ? 'no dimension' : 'a dimension twice';
        ctx.addIssue({ code: 'custom', message: `${why}; a comma-separated list of: ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return names as D[];
    });
}
