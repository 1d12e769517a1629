-- Daily salts for cookieless visitor ids. Several collectors may race to create the salt of a
-- day; all of them use min(salt) of the day, so they converge. Old salts expire: once a day's
-- salt is gone, nobody (not even us) can link that day's hashes back to an IP.
CREATE TABLE IF NOT EXISTS salts
(
    day        Date,
    salt       String,
    created_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY day
TTL day + INTERVAL 2 DAY
