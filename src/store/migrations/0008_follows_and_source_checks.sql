-- Issue 17. What a channel follows besides topics: gazetteer entities and keyword phrases, as a JSON
-- array of {kind:'entity',id,name} | {kind:'keyword',phrase,tsquery} (src/follows/follow.ts validates it).
ALTER TABLE channels ADD COLUMN IF NOT EXISTS follows jsonb NOT NULL DEFAULT '[]';
-- When a source's fetches started failing (cleared by the next success): `sources` shows sources failing for a day.
ALTER TABLE sources ADD COLUMN IF NOT EXISTS failing_since timestamptz;
