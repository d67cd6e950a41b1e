-- Issue 19 (latency): a topic's newest items without walking the items table. A topic command wants
-- the newest 300 (id, story, time) of one topic; items keep their topics in an array (GIN-indexed,
-- which cannot give time order), so PostgreSQL either walked the time index reading wide item rows
-- until 300 had the topic (thousands of heap pages for a small topic) or fetched every item of the
-- topic and sorted them. One narrow row per (topic, item), in a btree by topic and time, answers the
-- newest page of any topic, with or without a window, by reading exactly the rows returned.
-- Kept by triggers on items, so every writer (upsert, story merges, restores, the pack step's
-- updates that do not touch these columns) keeps it exact without code of its own; TRUNCATE of items
-- empties it too. Derived data: backups leave it out (restore refills it through the trigger).
-- An existing store gets it filled from items here, in one pass (100k items: 12 s on PGlite at load 15,
-- +23 MB on disk: 10 MB of rows, 12.5 MB of key), and statistics at once: without them the planner
-- fetched and sorted every row of the topic instead of reading 300 down the key (PGlite has no
-- autovacuum; PgliteMaintenance analyses it with items from then on).
CREATE TABLE item_topics (
  topic     text NOT NULL,
  sort_time timestamptz NOT NULL,
  item_id   text NOT NULL,
  story_id  text NOT NULL,
  PRIMARY KEY (topic, sort_time, item_id)
);

INSERT INTO item_topics (topic, sort_time, item_id, story_id)
  SELECT DISTINCT t.topic, i.sort_time, i.id, i.story_id FROM items i CROSS JOIN LATERAL unnest(i.topic_slugs) AS t(topic);

-- Rows of an item are found by the primary key: its topics and time are in OLD, so no second index.
CREATE FUNCTION item_topics_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_OP = 'UPDATE' AND NEW.topic_slugs = OLD.topic_slugs AND NEW.sort_time = OLD.sort_time AND NEW.story_id = OLD.story_id AND NEW.id = OLD.id THEN
      RETURN NULL;
    END IF;
    DELETE FROM item_topics WHERE topic = ANY (OLD.topic_slugs) AND sort_time = OLD.sort_time AND item_id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO item_topics (topic, sort_time, item_id, story_id)
      SELECT DISTINCT t, NEW.sort_time, NEW.id, NEW.story_id FROM unnest(NEW.topic_slugs) AS t;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER items_item_topics AFTER INSERT OR DELETE OR UPDATE OF id, topic_slugs, sort_time, story_id ON items
  FOR EACH ROW EXECUTE FUNCTION item_topics_sync();

CREATE FUNCTION item_topics_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE item_topics;
  RETURN NULL;
END $$;

CREATE TRIGGER items_item_topics_truncate AFTER TRUNCATE ON items
  FOR EACH STATEMENT EXECUTE FUNCTION item_topics_truncate();

ANALYZE item_topics;
