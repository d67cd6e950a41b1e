-- Issue 19 (disk): content, summary and entities stored together, deflated, in `body`
-- (src/store/item-body.ts); a row written with a body keeps '' / '[]' in those three columns. Rows
-- without a body are read from the columns as before. Adding the column rewrites nothing; the rows
-- already stored are packed once by the step after the migrations (src/store/pack-item-bodies.ts).
ALTER TABLE items ADD COLUMN body bytea;
-- With the body a row is ~2.7 KB instead of ~3.6 KB, but two rows still shared an 8 KB page: rows
-- under 4080 bytes (0003) kept their search text uncompressed. A target of three rows a page has
-- PostgreSQL compress the search text (pglz) of a longer row, and move it to TOAST only when that is
-- not enough (mostly Chinese and Japanese items). Heads never read the search text; summaries and
-- entities, which 0003 kept inline, are in the body. 10k bench store: items heap + TOAST 38.7 -> 35.3 MB.
ALTER TABLE items SET (toast_tuple_target = 2700);
