-- SyncKit server schema, embedded SQLite store.
-- Ids are UUID text; timestamps are epoch milliseconds; HLCs are the fixed-width text form, so they sort as text.
-- Every op-related table is keyed by space first: all queries are per space, and sharing comes later.

CREATE TABLE users (
    user_id          TEXT    NOT NULL PRIMARY KEY,
    name             TEXT    NOT NULL UNIQUE,
    default_space_id TEXT    NOT NULL,
    created_at       INTEGER NOT NULL
);

CREATE TABLE spaces (
    space_id   TEXT    NOT NULL PRIMARY KEY,
    owner_id   TEXT    NOT NULL REFERENCES users (user_id),
    -- The highest seq of the space's log. Read and advanced only inside the append transaction.
    head_seq   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- Authorization is "may this user read/write this space": membership. Owners are members too.
CREATE TABLE space_members (
    space_id TEXT NOT NULL REFERENCES spaces (space_id),
    user_id  TEXT NOT NULL REFERENCES users (user_id),
    role     TEXT NOT NULL,
    PRIMARY KEY (space_id, user_id)
) WITHOUT ROWID;

CREATE INDEX space_members_by_user ON space_members (user_id);

-- Only the SHA-256 of a key's secret is stored; the secret is shown once at creation.
CREATE TABLE api_keys (
    key_id      TEXT    NOT NULL PRIMARY KEY,
    user_id     TEXT    NOT NULL REFERENCES users (user_id),
    secret_hash BLOB    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE INDEX api_keys_by_user ON api_keys (user_id);

CREATE TABLE devices (
    device_id  TEXT    NOT NULL PRIMARY KEY,
    user_id    TEXT    NOT NULL REFERENCES users (user_id),
    hostname   TEXT    NOT NULL,
    platform   TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX devices_by_user ON devices (user_id, created_at);

-- The log: every applied op with its seq, as pushed (fields as canonical JSON).
-- No foreign keys on the hot tables: each would cost a lookup per inserted op.
CREATE TABLE ops (
    space_id       TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    op_id          TEXT    NOT NULL,
    tbl            TEXT    NOT NULL,
    row_id         TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('upsert', 'delete')),
    hlc            TEXT    NOT NULL,
    device_id      TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    base_version   INTEGER,
    fields         TEXT    NOT NULL,
    content_hash   BLOB    NOT NULL,
    PRIMARY KEY (space_id, seq)
) WITHOUT ROWID;

CREATE UNIQUE INDEX ops_by_op_id ON ops (space_id, op_id);

-- Ops that lost every field to newer writes: not in the log, remembered so that a retry is recognized.
CREATE TABLE superseded_ops (
    space_id     TEXT NOT NULL,
    op_id        TEXT NOT NULL,
    content_hash BLOB NOT NULL,
    PRIMARY KEY (space_id, op_id)
) WITHOUT ROWID;

-- The largest HLC each device has pushed into each space (the hlc_regression check).
CREATE TABLE device_clocks (
    space_id  TEXT NOT NULL,
    device_id TEXT NOT NULL,
    max_hlc   TEXT NOT NULL,
    PRIMARY KEY (space_id, device_id)
) WITHOUT ROWID;

-- The materialized state of each row: the tombstone's clock key (newest delete) and
-- fields = {"column": ["clock key", value], ...}. One write per changed row per push.
CREATE TABLE row_state (
    space_id  TEXT NOT NULL,
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    tombstone TEXT,
    fields    TEXT NOT NULL,
    PRIMARY KEY (space_id, tbl, row_id)
) WITHOUT ROWID;
