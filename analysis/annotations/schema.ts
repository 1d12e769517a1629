/** Annotations: a dated note on a site's charts, e.g. "new payment provider live". */
import { z } from 'zod';
import { daySchema } from '../common/params.js';

export const MAX_ANNOTATION_LENGTH = 200;

const day = daySchema;

export const annotationInputSchema = z
  .object({
    /** The site's local day it marks. */
    date: day,
    text: z
      .string()
      .trim()
      .min(1, 'a note needs some text')
      .max(MAX_ANNOTATION_LENGTH)
      // Line breaks and other control characters have no place in a one-line chart label.
      .refine((s) => !/\p{Cc}/u.test(s), { message: 'one line of text, without control characters' })
      // A lone surrogate (half of a UTF-16 pair) is not text: ClickHouse would refuse the row.
      .refine((s) => s.isWellFormed(), { message: 'must be valid Unicode text (no lone surrogate)' }),
  })
  .strict();
export type AnnotationInput = z.infer<typeof annotationInputSchema>;

export const annotationSchema = annotationInputSchema.extend({ id: z.string(), created_at: z.string() });
export type Annotation = z.infer<typeof annotationSchema>;

export const annotationsResponse = z.object({ annotations: z.array(annotationSchema) });

/** GET's optional range: days of the site. */
export const annotationsQuerySchema = z.object({ from: day.optional(), to: day.optional() });
