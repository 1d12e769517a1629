-- The writer deletes log data once ClickHouse confirms an insert. By default ClickHouse does not
-- fsync a new part, so an OS crash or power cut within the kernel's writeback delay (~30 s) could
-- lose rows that were acknowledged AND already gone from the log. With these, a confirmed insert
-- is on disk: the part's files and its directory entry are synced before the INSERT returns.
ALTER TABLE events MODIFY SETTING fsync_after_insert = 1, fsync_part_directory = 1
