-- One row per event. Sort key (site_id, toDate(ts), visitor_id, ts):
--  * every query is per site, so site_id leads;
--  * date ranges prune granules by day;
--  * inside a day a visitor's events sit together and in time order, which is what
--    path, session and funnel analyses read (groupArray over a visitor streams contiguous data).
-- non_replicated_deduplication_window lets the WAL writer re-send a batch with the same
-- insert_deduplication_token after a crash without storing it twice.
CREATE TABLE IF NOT EXISTS events
(
    site_id         LowCardinality(String),
    ts              DateTime64(3, 'UTC'),
    event_id        UUID,
    visitor_id      String,
    user_id         String,
    type            Enum8('pageview' = 1, 'event' = 2, 'engagement' = 3, 'identify' = 4),
    name            LowCardinality(String),
    path            String,
    hostname        LowCardinality(String),
    query           String,
    title           String,
    referrer        String,
    referrer_domain LowCardinality(String),
    channel         LowCardinality(String),
    utm_source      LowCardinality(String),
    utm_medium      LowCardinality(String),
    utm_campaign    LowCardinality(String),
    utm_term        String,
    utm_content     String,
    click_id_type   LowCardinality(String),
    device          LowCardinality(String),
    browser         LowCardinality(String),
    os              LowCardinality(String),
    country         LowCardinality(String),
    language        LowCardinality(String),
    screen_class    LowCardinality(String),
    engaged_ms      UInt32,
    load_ms         UInt32,
    revenue         Nullable(Float64),
    props           Map(String, String)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (site_id, toDate(ts), visitor_id, ts)
SETTINGS non_replicated_deduplication_window = 100000
