-- Each user's wrapped-key blob (docs/ENCRYPTION.md): opaque text the server never reads, one per user (not per
-- space). version starts at 1 and grows by one on every write; writes are compare-and-set on it, so two devices
-- changing the password at once cannot overwrite each other. The same table and meaning as db/migration/postgres/V3.
CREATE TABLE key_blobs (
    user_id    TEXT    NOT NULL PRIMARY KEY REFERENCES users (user_id),
    blob       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
