-- Journey definitions (analysis/journeys/): one row per version of (site, id); the definition is
-- the zod-validated JSON. ReplacingMergeTree keeps the latest version (read with FINAL); a delete
-- is a new version with deleted = 1.
CREATE TABLE IF NOT EXISTS journeys
(
    site_id    String,
    id         String,
    definition String,
    updated_at DateTime64(3, 'UTC'),
    version    UInt64,
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, id)
