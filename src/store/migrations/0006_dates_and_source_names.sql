-- Where an item's date came from: 'feed' (its feed or JSON Lines record), 'text' (read from its own
-- text, src/dates/text-date.ts), or null when it has none.
ALTER TABLE items ADD COLUMN published_source text;
UPDATE items SET published_source = 'feed' WHERE published IS NOT NULL;

-- An undated item sorts 8,760,000 hours (about 1000 years) before its fetch time
-- (UNDATED_SHIFT_MS in src/items/item.ts): below every dated item in every newest-first listing,
-- inside no `since` window or digest period, and in fetch order among undated items.
UPDATE items SET sort_time = fetched_at - interval '8760000 hours' WHERE published IS NULL;

-- Readable names of sources: the name an operator gives (`ingest --source-name`, given_by
-- 'operator'), else a feed file's own title ('feed'). An operator's name is never replaced by a
-- feed title. Polled feeds keep their title in sources.title.
CREATE TABLE source_names (
  source_id  text PRIMARY KEY,
  name       text NOT NULL,
  given_by   text NOT NULL,
  updated_at timestamptz NOT NULL
);
