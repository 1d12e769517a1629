/**
 * Alerts: a journey's webhook, told when one of its stages converted significantly worse on a day
 * than on the same weekday a week before (weekly rhythms cancel out). The webhook URL often holds
 * a secret (Slack's, Discord's): only the admin reads or writes alerts.
 */
import { z } from 'zod';
import { daySchema } from '../common/params.js';

export const alertInputSchema = z
  .object({
    /** Where the message is POSTed as JSON: `text` (Slack, Mattermost, Teams workflows), `content` (Discord), and the figures under `waymark`. */
    webhook: z
      .url({ protocol: /^https?$/, error: 'an http:// or https:// URL' })
      .max(2048),
    /** Only a fall of at least this many points of conversion (besides being significant) alerts; 0: any significant fall. */
    min_drop_pt: z.number().min(0).max(100).default(0),
  })
  .strict();
export type AlertInput = z.infer<typeof alertInputSchema>;

export const ALERT_OUTCOMES = ['quiet', 'sent', 'failed'] as const;

export const alertCheckSchema = z.object({
  day: z.string(),
  outcome: z.enum(ALERT_OUTCOMES),
  /** What fell (or why the webhook did not take it). */
  detail: z.string(),
  at: z.string(),
});
export type AlertCheck = z.infer<typeof alertCheckSchema>;

export const alertSchema = alertInputSchema.extend({
  journey: z.string(),
  updated_at: z.string(),
  /** The check of the latest day checked (its newest outcome), if any. */
  last_check: alertCheckSchema.nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertsResponse = z.object({ alerts: z.array(alertSchema) });

/** What a check of one day found (POST …/check, and each of the schedule's checks). */
export const alertOutcomeSchema = z.object({ site: z.string(), journey: z.string(), day: z.string(), outcome: z.enum(ALERT_OUTCOMES), detail: z.string() });
export type AlertOutcome = z.infer<typeof alertOutcomeSchema>;

/** Whether a webhook took a test message (POST …/test). */
export const webhookTestSchema = z.object({ delivered: z.boolean(), detail: z.string() });

/** A site's tracking alert: told when its events stop for `quiet_hours` while the same hours a week before had traffic. */
export const trackingAlertInputSchema = z
  .object({
    webhook: alertInputSchema.shape.webhook,
    /** Hours without any event before the alert is sent (a quiet night on a small site is no outage: see tracking.ts). */
    quiet_hours: z.number().int().min(1).max(48).default(3),
  })
  .strict();
export type TrackingAlertInput = z.infer<typeof trackingAlertInputSchema>;

export const trackingAlertSchema = trackingAlertInputSchema.extend({
  updated_at: z.string(),
  /** What was last told: events stopped after `last_event`, or they are back. */
  state: z.object({ told: z.enum(['stopped', 'back']), last_event: z.string(), at: z.string() }).nullable(),
});
export type TrackingAlert = z.infer<typeof trackingAlertSchema>;

/** GET …/tracking-alert: the site's tracking alert, or null. */
export const trackingAlertResponse = z.object({ alert: trackingAlertSchema.nullable() });

/** A site's summary: each week (Monday to Sunday) or month in the site's time zone, its figures against the period before, told to a webhook (summary.ts). */
export const SUMMARY_PERIODS = ['week', 'month'] as const;
export const summaryInputSchema = z
  .object({
    webhook: alertInputSchema.shape.webhook,
    every: z.enum(SUMMARY_PERIODS).default('week'),
    /** The hour (site time zone) of the period's first day after it at which the summary goes: a Monday's 08:00, not midnight. */
    hour: z.number().int().min(0).max(23).default(8),
  })
  .strict();
export type SummaryInput = z.infer<typeof summaryInputSchema>;

/** What the summary of one period came to: `sent`, `quiet` (no visitors in it nor the period before: nothing to tell) or `failed` (tried again at the next check). */
export const summarySendSchema = z.object({ site: z.string(), period: z.string(), outcome: z.enum(ALERT_OUTCOMES), detail: z.string() });
export type SummarySend = z.infer<typeof summarySendSchema>;

export const summarySchema = summaryInputSchema.extend({
  updated_at: z.string(),
  /** The latest period's newest outcome (`period` is "from/to", local days), if any. */
  last_send: summarySendSchema.omit({ site: true }).extend({ at: z.string() }).nullable(),
});
export type Summary = z.infer<typeof summarySchema>;

/** GET …/summary/preview: a period's summary as it would be sent, without sending it. */
export const summaryPreviewQuery = z
  .object({
    every: z.enum(SUMMARY_PERIODS).default('week'),
    /** The summary due on this day (site time zone): of the last whole week or month before it; default today. */
    at: daySchema.optional(),
  })
  .strict();
export const summaryPreviewSchema = z.object({
  period: z.string(),
  /** The message's plain text (the webhook gets it escaped for each chat tool). */
  text: z.string(),
  /** The figures, as the webhook gets them under `waymark`. */
  figures: z.record(z.string(), z.unknown()),
});

/** GET …/summary: the site's summary, or null. */
export const summaryResponse = z.object({ summary: summarySchema.nullable() });

/** A site's bounce alert: told when a day's bounce rate rose significantly, by at least `min_rise_pt`, against the same weekday a week before (bounce.ts). */
export const bounceAlertInputSchema = z
  .object({
    webhook: alertInputSchema.shape.webhook,
    /** Only a rise of at least this many points (besides being significant) alerts; 0: any significant rise. */
    min_rise_pt: z.number().min(0).max(100).default(0),
  })
  .strict();
export type BounceAlertInput = z.infer<typeof bounceAlertInputSchema>;

export const bounceAlertSchema = bounceAlertInputSchema.extend({
  updated_at: z.string(),
  /** The check of the latest day checked (its newest outcome), if any. */
  last_check: alertCheckSchema.nullable(),
});
export type BounceAlert = z.infer<typeof bounceAlertSchema>;

/** GET …/bounce-alert: the site's bounce alert, or null. */
export const bounceAlertResponse = z.object({ alert: bounceAlertSchema.nullable() });

/** What a check of one day found (POST …/bounce-alert/check, and each of the schedule's checks). */
export const bounceCheckSchema = alertOutcomeSchema.omit({ journey: true });
export type BounceCheck = z.infer<typeof bounceCheckSchema>;
