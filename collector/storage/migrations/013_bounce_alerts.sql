-- Bounce alerts (analysis/alerts/bounce.ts): a site's webhook told when a day's bounce rate rose
-- significantly against the same weekday a week before. Versioned like the alerts (FINAL; deleted = 1).
CREATE TABLE IF NOT EXISTS bounce_alerts
(
    site_id     String,
    webhook     String,
    min_rise_pt Float64,
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY site_id;

-- What the check of one day found: 'quiet', 'sent' or 'failed' (tried again at the next check).
-- The newest row per day wins.
CREATE TABLE IF NOT EXISTS bounce_alert_checks
(
    site_id String,
    day     String,
    outcome LowCardinality(String),
    detail  String,
    at      DateTime64(3, 'UTC'),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, day)
