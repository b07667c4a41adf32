-- row_state becomes an ordinary rowid table with a unique index on its key. As a WITHOUT ROWID table it was a B-tree
-- that holds whole records in its interior pages too, which SQLite advises against for rows over about a twentieth of
-- a page: a sealed row's state (docs/ENCRYPTION.md) is 600 bytes or more, and inserting 100,000 such rows in random
-- key order took half as long again as into a rowid table (docs/benchmarks.md, "Fourth pass"). Same columns, same
-- meaning, same key; the rows are copied as they are.
CREATE TABLE row_state_new (
    space_id  TEXT NOT NULL,
    tbl       TEXT NOT NULL,
    row_id    TEXT NOT NULL,
    tombstone TEXT,
    fields    TEXT NOT NULL
);

INSERT INTO row_state_new (space_id, tbl, row_id, tombstone, fields)
SELECT space_id, tbl, row_id, tombstone, fields FROM row_state ORDER BY space_id, tbl, row_id;

DROP TABLE row_state;

ALTER TABLE row_state_new RENAME TO row_state;

CREATE UNIQUE INDEX row_state_by_row ON row_state (space_id, tbl, row_id);
