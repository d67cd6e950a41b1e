-- Issue 19 (disk). No query looks items up by URL (ids are derived from it at import), so the btree on
-- items.url only cost space: ~100 bytes an item, about 1 MB per 10,000 items.
DROP INDEX IF EXISTS items_url_idx;
