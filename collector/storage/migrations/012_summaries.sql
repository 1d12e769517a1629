-- Summaries (analysis/alerts/summary.ts): a site's webhook told, after each week or month, that
-- period's figures against the period before. Versioned like the alerts (FINAL; deleted = 1).
CREATE TABLE IF NOT EXISTS summaries
(
    site_id    String,
    webhook    String,
    every      LowCardinality(String),
    updated_at DateTime64(3, 'UTC'),
    version    UInt64,
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY site_id;

-- What the summary of one period ("from/to", the site's local days) came to: 'sent', 'quiet'
-- (nothing to tell) or 'failed' (tried again at the next check). The newest row per period wins.
CREATE TABLE IF NOT EXISTS summary_sends
(
    site_id String,
    period  String,
    outcome LowCardinality(String),
    detail  String,
    at      DateTime64(3, 'UTC'),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, period)
