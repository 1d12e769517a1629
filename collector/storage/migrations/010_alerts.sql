-- Alerts (analysis/alerts/): per journey, a webhook told when a stage's conversion fell
-- significantly (a day against the same weekday a week before). Versioned like journeys: the
-- newest version of (site, journey) wins (read with FINAL); a delete is a version with deleted = 1.
CREATE TABLE IF NOT EXISTS alerts
(
    site_id     String,
    journey_id  String,
    webhook     String,
    min_drop_pt Float64,
    updated_at  DateTime64(3, 'UTC'),
    version     UInt64,
    deleted     UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, journey_id);

-- What the check of one alert for one day found: `quiet` (nothing fell), `sent` (the webhook took
-- it), `failed` (it did not: tried again at the next check). The newest row per day wins.
CREATE TABLE IF NOT EXISTS alert_checks
(
    site_id    String,
    journey_id String,
    day        String,
    outcome    LowCardinality(String),
    detail     String,
    at         DateTime64(3, 'UTC'),
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, journey_id, day)
