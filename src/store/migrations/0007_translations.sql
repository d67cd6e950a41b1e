-- Machine translations of items' titles and summaries (issue 16), one row per item, field and
-- target language, so a re-post never pays the provider twice. The search index never reads them.
CREATE TABLE IF NOT EXISTS translations (
  item_id    text NOT NULL,
  field      text NOT NULL,
  lang       text NOT NULL,
  text       text NOT NULL,
  provider   text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (item_id, field, lang)
);
