-- Per-site exclusions (collector/ingest/exclusions.ts): page path globs and IP addresses or CIDR
-- ranges whose events are acknowledged and not stored. Existing sites exclude nothing.
ALTER TABLE sites ADD COLUMN IF NOT EXISTS exclude_paths Array(String) DEFAULT [];
ALTER TABLE sites ADD COLUMN IF NOT EXISTS exclude_ips Array(String) DEFAULT []
