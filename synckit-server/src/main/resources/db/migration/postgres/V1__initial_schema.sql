-- SyncKit server schema, PostgreSQL store. The same tables and meaning as db/migration/sqlite/V1, in PostgreSQL
-- types: ids are uuid, timestamps epoch milliseconds (bigint), HLCs the fixed-width text form in the "C"
-- collation, so they sort bytewise as the server compares them. Every op-related table is keyed by space first.

CREATE TABLE users (
    user_id          uuid   NOT NULL PRIMARY KEY,
    name             text   NOT NULL UNIQUE,
    default_space_id uuid   NOT NULL,
    created_at       bigint NOT NULL
);

CREATE TABLE spaces (
    space_id   uuid   NOT NULL PRIMARY KEY,
    owner_id   uuid   NOT NULL REFERENCES users (user_id),
    -- The highest seq of the space's log. Locked (SELECT ... FOR UPDATE) and advanced only inside the append
    -- transaction: that row lock is what serializes appends to one space (DESIGN §3, sequence visibility).
    head_seq   bigint NOT NULL DEFAULT 0,
    created_at bigint NOT NULL
);

-- Authorization is "may this user read/write this space": membership. Owners are members too.
CREATE TABLE space_members (
    space_id uuid NOT NULL REFERENCES spaces (space_id),
    user_id  uuid NOT NULL REFERENCES users (user_id),
    role     text NOT NULL,
    PRIMARY KEY (space_id, user_id)
);

CREATE INDEX space_members_by_user ON space_members (user_id);

-- Only the SHA-256 of a key's secret is stored; the secret is shown once at creation.
CREATE TABLE api_keys (
    key_id      text   NOT NULL PRIMARY KEY,
    user_id     uuid   NOT NULL REFERENCES users (user_id),
    secret_hash bytea  NOT NULL UNIQUE,
    created_at  bigint NOT NULL,
    revoked_at  bigint
);

CREATE INDEX api_keys_by_user ON api_keys (user_id);

CREATE TABLE devices (
    device_id  uuid   NOT NULL PRIMARY KEY,
    user_id    uuid   NOT NULL REFERENCES users (user_id),
    hostname   text   NOT NULL,
    platform   text   NOT NULL,
    created_at bigint NOT NULL,
    -- Registration order among devices with the same created_at (SQLite uses its rowid).
    registered bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX devices_by_user ON devices (user_id, created_at, registered);

-- The log: every applied op with its seq, as pushed (fields as canonical JSON text, byte for byte).
-- No foreign keys on the hot tables: each would cost a lookup per inserted op.
CREATE TABLE ops (
    space_id       uuid    NOT NULL,
    seq            bigint  NOT NULL,
    op_id          uuid    NOT NULL,
    tbl            text    NOT NULL,
    row_id         text    NOT NULL,
    kind           text    NOT NULL CHECK (kind IN ('upsert', 'delete')),
    hlc            text    COLLATE "C" NOT NULL,
    device_id      uuid    NOT NULL,
    schema_version integer NOT NULL,
    base_version   bigint,
    fields         text    NOT NULL,
    content_hash   bytea   NOT NULL,
    PRIMARY KEY (space_id, seq)
);

CREATE UNIQUE INDEX ops_by_op_id ON ops (space_id, op_id);

-- Ops that lost every field to newer writes: not in the log, remembered so that a retry is recognized.
CREATE TABLE superseded_ops (
    space_id     uuid  NOT NULL,
    op_id        uuid  NOT NULL,
    content_hash bytea NOT NULL,
    PRIMARY KEY (space_id, op_id)
);

-- The largest HLC each device has pushed into each space (the hlc_regression check).
CREATE TABLE device_clocks (
    space_id  uuid NOT NULL,
    device_id uuid NOT NULL,
    max_hlc   text COLLATE "C" NOT NULL,
    PRIMARY KEY (space_id, device_id)
);

-- The materialized state of each row: the tombstone's clock key (newest delete) and
-- fields = {"column": ["clock key", value], ...}. One write per changed row per push.
CREATE TABLE row_state (
    space_id  uuid NOT NULL,
    tbl       text COLLATE "C" NOT NULL,
    row_id    text COLLATE "C" NOT NULL,
    tombstone text COLLATE "C",
    fields    text NOT NULL,
    PRIMARY KEY (space_id, tbl, row_id)
);
