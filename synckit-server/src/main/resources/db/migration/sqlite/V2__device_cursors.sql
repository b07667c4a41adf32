-- What each device has applied of each space: its acknowledged cursor (seeds/003 device_sync_cursor). Written only by
-- acks (the realtime socket's ack frames, debounced in memory), and never moved back: acked_seq and acked_at only
-- grow. Compaction will keep every op above the smallest cursor of the space's recently active devices, hence the
-- index by (space, activity).
CREATE TABLE device_cursors (
    space_id  TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    acked_seq INTEGER NOT NULL,
    acked_at  INTEGER NOT NULL,
    PRIMARY KEY (space_id, device_id)
) WITHOUT ROWID;

CREATE INDEX device_cursors_by_activity ON device_cursors (space_id, acked_at, acked_seq);
