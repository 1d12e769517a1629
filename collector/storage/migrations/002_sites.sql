-- Sites are few and change rarely; ReplacingMergeTree keeps the latest version of each id
-- (read with FINAL). A delete is a new version with deleted = 1.
CREATE TABLE IF NOT EXISTS sites
(
    id         String,
    domains    Array(String),
    timezone   String,
    created_at DateTime64(3, 'UTC'),
    version    UInt64,
    deleted    UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id
