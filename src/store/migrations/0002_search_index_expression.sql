-- Full-text search without a stored tsvector: the generated search_tsv column was ~3.6 KB of a
-- ~7.5 KB row (positions kept) and was read back from TOAST for nothing. An expression index holds
-- the lexemes instead; queries match `to_tsvector('simple', search_text)` exactly, so it is used.
-- (Existing rows keep the dropped column's bytes until the table is rewritten, e.g. VACUUM FULL items.)
ALTER TABLE items DROP COLUMN search_tsv;
CREATE INDEX items_search_text_idx ON items USING gin (to_tsvector('simple', search_text));
