-- Two things the search index could not do, found with EXPLAIN at 100k items (bench/README.md):
-- 1. The `simple` parser splits `e_paris_call` at the underscores, so a query for an entity token
--    was a phrase ('e' <-> 'paris' <-> 'call'): 'e' is in nearly every item, and a phrase needs
--    every candidate row re-read and its tsvector recomputed (~0.2 ms a row). Entity and topic
--    tokens are now also indexed as one lexeme each (e0paris0call); their words stay indexed too
--    (a prefix "Macr" still finds an item that names Emmanuel Macron only in Chinese).
-- 2. A recent-window search ("the last 90 days") filtered on sort_time only after fetching every
--    match from the heap (14,000 pages for "Paris Call"). Each item's month (m202611, UTC) is now a
--    lexeme, so the window narrows inside the GIN index before any row is read.
-- Same wrapper as 0004 (costed, never inlined, parallel restricted); queries must use exactly
-- items_search_vector(search_text, sort_time). Stored rows are unchanged; only the index is rebuilt.
DROP INDEX items_search_vector_idx;
DROP FUNCTION items_search_vector(text);
CREATE FUNCTION items_search_vector(search_text text, sort_time timestamptz) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL RESTRICTED COST 5000
  AS $$ BEGIN
    RETURN to_tsvector('simple'::regconfig, search_text)
      || to_tsvector('simple'::regconfig, array_to_string(ARRAY(
           SELECT translate(m[1], '_', '0') FROM regexp_matches(search_text, '(?:^| )([et]_[^ ]+)', 'g') AS m), ' '))
      || to_tsvector('simple'::regconfig, 'm' || to_char(sort_time AT TIME ZONE 'UTC', 'YYYYMM'));
  END $$;
CREATE INDEX items_search_vector_idx ON items USING gin (items_search_vector(search_text, sort_time));
