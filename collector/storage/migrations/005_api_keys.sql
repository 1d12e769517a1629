-- Per-site read-only API keys. Only a SHA-256 of the key is kept; the key itself is shown once.
-- ReplacingMergeTree by version: revoking writes a new version with revoked = 1.
CREATE TABLE IF NOT EXISTS api_keys
(
    id         String,
    site_id    String,
    name       String,
    key_hash   String,
    created_at DateTime64(3, 'UTC'),
    revoked    UInt8 DEFAULT 0,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id
