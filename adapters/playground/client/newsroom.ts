import { api, type NewsroomItem } from './api-client.js';
import { el, RTL_LANGS } from './dom.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function itemView(item: NewsroomItem): HTMLElement {
  const dir = RTL_LANGS.has(item.lang) ? 'rtl' : 'ltr';
  const title = item.url
    ? el('a', { href: item.url, target: '_blank', rel: 'noopener noreferrer' }, item.title)
    : document.createTextNode(item.title);
  return el(
    'article',
    { class: 'item' },
    el('h4', { lang: item.lang, dir }, title),
    el(
      'div',
      {},
      el('span', { class: 'badge lang', title: 'language' }, item.lang),
      ...item.topics.map((t, i) => el('span', { class: 'badge', title: i === 0 ? 'main topic (score)' : 'topic (score)' }, `${i === 0 ? '★ ' : ''}${t.slug} ${t.score.toFixed(1)}`)),
      el('span', { class: 'muted' }, ` · ${item.sourceName} · ${itemDate(item)}`),
    ),
    item.summary.length ? el('p', { lang: item.lang, dir }, item.summary.join(' ')) : null,
    item.entities.length
      ? el('div', {}, ...dedupe(item.entities).map((e) => el('span', { class: 'badge entity', title: `${e.type} · as written: ${e.surface}` }, e.name)))
      : null,
  );
}

/** As the chat renderings say it: the day, "(date from text)" when read from the text, or "date unknown". */
function itemDate(item: NewsroomItem): string {
  if (!item.published) return 'date unknown';
  const day = item.published.slice(0, 10);
  return item.dateSource === 'text' ? `${day} (date from text)` : day;
}

function dedupe<T extends { id: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(x.id) && seen.add(x.id));
}

/** Items grouped into stories (several sources and languages per story), newest story first. */
function storyViews(items: NewsroomItem[]): HTMLElement[] {
  const groups = new Map<string, NewsroomItem[]>();
  for (const item of items) groups.set(item.story, [...(groups.get(item.story) ?? []), item]);
  return [...groups.values()].map((group) => {
    const langs = [...new Set(group.map((i) => i.lang.toUpperCase()))].join(', ');
    // An article, not a labelled section: dozens of stories must not each become a landmark region.
    return el(
      'article',
      { class: 'story' },
      el('h3', {}, `Story · ${group.length} item${group.length > 1 ? 's' : ''} · ${langs}`),
      ...group.map(itemView),
    );
  });
}

async function refreshItems(): Promise<void> {
  const q = new URLSearchParams();
  for (const [key, id] of [['topic', 'filter-topic'], ['lang', 'filter-lang'], ['source', 'filter-source']] as const) {
    const v = $<HTMLSelectElement>(id).value;
    if (v) q.set(key, v);
  }
  const data = await api.items(q);
  $('newsroom-count').textContent = `${data.items.length} shown of ${data.total} items`;
  $('stories').replaceChildren(...storyViews(data.items));
  const langSelect = $<HTMLSelectElement>('filter-lang');
  if (langSelect.options.length === 1) for (const l of data.languages) langSelect.append(el('option', { value: l.lang }, `${l.lang} (${l.n})`));
  const topicSelect = $<HTMLSelectElement>('filter-topic');
  if (topicSelect.options.length === 1) {
    const slugs = [...new Set(data.items.flatMap((i) => i.topics.map((t) => t.slug)))].sort();
    for (const s of slugs) topicSelect.append(el('option', { value: s }, s));
  }
}

/** "failing since <day>: <error>" once fetches have failed for a day (the server decides), else the last outcome. */
function sourceState(s: { failingSince: string | null; lastError: string | null; lastStatus: string | null }): string {
  if (s.failingSince) return `failing since ${s.failingSince.slice(0, 10)}: ${s.lastError ?? s.lastStatus ?? ''}`;
  return s.lastError ? `error: ${s.lastError}` : s.lastStatus ?? 'pending';
}

async function refreshSources(): Promise<void> {
  const data = await api.sources();
  const sourceSelect = $<HTMLSelectElement>('filter-source');
  if (sourceSelect.options.length === 1) for (const s of data.imported) sourceSelect.append(el('option', { value: s.source }, `${s.name} (${s.items})`));
  const rows = [
    ...data.polled.map((s) =>
      el('tr', {}, el('td', {}, s.title ?? s.url), el('td', {}, String(s.itemCount)), el('td', {}, s.lastFetchAt ?? 'never'), el('td', s.failingSince ? { class: 'failing' } : {}, sourceState(s)), el('td', {}, String(s.errorCount)), el('td', {}, s.nextPollAt ?? '—')),
    ),
    ...data.imported
      .filter((i) => !data.polled.some((p) => p.url === i.source))
      .map((i) => el('tr', {}, el('td', {}, i.name), el('td', {}, String(i.items)), el('td', {}, 'imported'), el('td', {}, 'file'), el('td', {}, '0'), el('td', {}, 'not polled'))),
  ];
  $('sources-table').querySelector('tbody')!.replaceChildren(...rows);
}

export async function showNewsroom(): Promise<void> {
  await Promise.all([refreshSources(), refreshItems()]);
}

export function wireNewsroom(): void {
  for (const id of ['filter-topic', 'filter-lang', 'filter-source']) $(id).addEventListener('change', () => void refreshItems());
}
