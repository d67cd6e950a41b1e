import { dateSource, type AnalyzedItem } from '../items/item.js';

/** The `analyze --json` record: other tools read these exact field names, in this order. */
export interface AnalysisRecord {
  id: string;
  source: string;
  title: string;
  content: string;
  url: string | null;
  published: string | null;
  lang: string;
  topics: string[];
  entities: { id: string; name: string; type: string; surface: string }[];
  summary: string[];
  story: string;
  /** Where `published` came from: "feed", "text" (read from the item's text) or null (undated). Last, so older readers are unaffected. */
  published_source: 'feed' | 'text' | null;
}

/** `source` is the input path or URL exactly as the user gave it. */
export function analysisRecord(item: AnalyzedItem, source: string): AnalysisRecord {
  const a = item.analysis;
  return {
    id: item.id,
    source,
    title: item.title,
    content: item.content,
    url: item.url,
    published: item.published ? item.published.toISOString() : null,
    lang: a.lang,
    topics: a.topics.map((t) => t.slug),
    entities: a.entities.map((e) => ({ id: e.id, name: e.name, type: e.type, surface: e.surface })),
    summary: a.summary,
    story: a.story,
    published_source: dateSource(item),
  };
}

/** The same, for a person reading a terminal. */
export function readableAnalysis(item: AnalyzedItem, source: string): string {
  const r = analysisRecord(item, source);
  const lines = [
    r.title,
    `  id ${r.id} · lang ${r.lang} · published ${r.published ? `${r.published}${r.published_source === 'text' ? ' (date from text)' : ''}` : 'unknown'} · story ${r.story}`,
    `  source ${r.source}${r.url ? ` · ${r.url}` : ''}`,
    `  topics: ${r.topics.length ? r.topics.join(', ') : '(none)'}`,
    `  entities: ${r.entities.length ? r.entities.map((e) => `${e.name} (${e.type})`).join(', ') : '(none)'}`,
  ];
  if (r.summary.length) lines.push('  summary:', ...r.summary.map((s) => `    ${s}`));
  lines.push('');
  return lines.join('\n');
}
