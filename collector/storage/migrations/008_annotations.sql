-- Annotations (analysis/annotations/): a dated note on a site's charts ("new checkout live").
-- One row per version of (site, id); ReplacingMergeTree keeps the latest (read with FINAL); a
-- delete is a new version with deleted = 1. `day` is a local date of the site, YYYY-MM-DD.
CREATE TABLE IF NOT EXISTS annotations
(
    site_id    String,
    id         String,
    day        String,
    text       String,
    created_at DateTime64(3, 'UTC'),
    version    UInt64,
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, id)
