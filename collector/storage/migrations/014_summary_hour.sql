-- The hour (site time zone) at which a summary goes on the first day after its period: a
-- Monday's 08:00 rather than just after midnight (analysis/alerts/summary.ts).
ALTER TABLE summaries ADD COLUMN IF NOT EXISTS hour UInt8 DEFAULT 8
