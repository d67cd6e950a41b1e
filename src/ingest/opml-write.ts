import { loadFeedsmith } from './load-feedsmith.js';

/** What an export needs of a stored source. */
export interface ExportedSource {
  url: string;
  title: string | null;
  htmlUrl: string | null;
  language: string | null;
  categoryPath: readonly string[] | null;
}

interface Folder {
  feeds: ExportedSource[];
  folders: Map<string, Folder>;
}

type OutlineOut = { text: string; type?: string; title?: string; xmlUrl?: string; htmlUrl?: string; language?: string; outlines?: OutlineOut[] };

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The sources as an OPML 2.0 subscription list, written by feedsmith: one `type="rss"` outline per feed
 * (`text` and `title`: its title, else its URL; `xmlUrl`, `htmlUrl`, `language`), nested under one outline
 * per folder it was imported under. Feeds come first in each folder, by URL, then subfolders by name, and
 * the head carries no date, so the same sources always give the same bytes (export, import, export).
 */
export async function writeOpml(sources: readonly ExportedSource[]): Promise<string> {
  const root: Folder = { feeds: [], folders: new Map() };
  for (const s of sources) {
    let folder = root;
    for (const name of s.categoryPath ?? []) {
      let next = folder.folders.get(name);
      if (!next) folder.folders.set(name, (next = { feeds: [], folders: new Map() }));
      folder = next;
    }
    folder.feeds.push(s);
  }
  const { generateOpml } = await loadFeedsmith();
  return generateOpml({ head: { title: 'cyberpolicy sources' }, body: { outlines: outlinesOf(root) } });
}

function outlinesOf(folder: Folder): OutlineOut[] {
  const feeds = [...folder.feeds].sort((a, b) => byCodePoint(a.url, b.url)).map(feedOutline);
  const folders = [...folder.folders].sort(([a], [b]) => byCodePoint(a, b)).map(([name, sub]) => ({ text: name, outlines: outlinesOf(sub) }));
  return [...feeds, ...folders];
}

function feedOutline(s: ExportedSource): OutlineOut {
  return {
    text: s.title ?? s.url,
    type: 'rss',
    ...(s.title ? { title: s.title } : {}),
    xmlUrl: s.url,
    ...(s.htmlUrl ? { htmlUrl: s.htmlUrl } : {}),
    ...(s.language ? { language: s.language } : {}),
  };
}
