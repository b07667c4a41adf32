-- Each user's wrapped-key blob (docs/ENCRYPTION.md): opaque text the server never reads, one per user (not per
-- space). version starts at 1 and grows by one on every write; writes are compare-and-set on it, so two devices
-- changing the password at once cannot overwrite each other. The same table and meaning as db/migration/sqlite/V3.
CREATE TABLE key_blobs (
    user_id    uuid   NOT NULL PRIMARY KEY REFERENCES users (user_id),
    blob       text   NOT NULL,
    version    bigint NOT NULL,
    updated_at bigint NOT NULL
);
