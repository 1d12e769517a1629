-- Tracking alerts (analysis/alerts/tracking.ts): a site's webhook told when its events stop
-- (the script gone from the pages, blocked, or refused) while the same hours a week before had
-- traffic, and again when they are back. Versioned like the journey alerts (FINAL; deleted = 1).
CREATE TABLE IF NOT EXISTS tracking_alerts
(
    site_id     String,
    webhook     String,
    quiet_hours UInt16,
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY site_id;

-- What was told of the silence that began after the event at `last_event`: 'stopped' (told that
-- events stopped), 'back' (told that they are back). The newest row per site wins.
CREATE TABLE IF NOT EXISTS tracking_alert_state
(
    site_id    String,
    last_event DateTime64(3, 'UTC'),
    told       LowCardinality(String),
    at         DateTime64(3, 'UTC'),
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY site_id
