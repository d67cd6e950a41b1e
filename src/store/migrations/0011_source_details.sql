-- Issue 17 (OPML import and export). What an OPML file says about a source besides its URL and language
-- (0010), kept so that an export gives it back: the site it belongs to (OPML `htmlUrl`) and the folders it
-- was filed under (a JSON array of outline texts, outermost first; null when it was filed under none).
ALTER TABLE sources ADD COLUMN IF NOT EXISTS html_url text;
ALTER TABLE sources ADD COLUMN IF NOT EXISTS category_path jsonb;
