-- Issue 17. A source added from the catalogue (digests/sources.json) keeps the catalogue's id and the
-- feed's language; sources added by URL leave both empty.
ALTER TABLE sources ADD COLUMN IF NOT EXISTS language text;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS catalog_id text;
