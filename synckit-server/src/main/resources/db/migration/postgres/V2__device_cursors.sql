-- What each device has applied of each space: its acknowledged cursor (seeds/003 device_sync_cursor). The same table
-- and meaning as db/migration/sqlite/V2. Written only by acks (the realtime socket's ack frames, debounced in memory),
-- and never moved back: acked_seq and acked_at only grow. Compaction will keep every op above the smallest cursor of
-- the space's recently active devices, hence the index by (space, activity).
CREATE TABLE device_cursors (
    space_id  uuid   NOT NULL,
    device_id uuid   NOT NULL,
    acked_seq bigint NOT NULL,
    acked_at  bigint NOT NULL,
    PRIMARY KEY (space_id, device_id)
);

CREATE INDEX device_cursors_by_activity ON device_cursors (space_id, acked_at, acked_seq);
