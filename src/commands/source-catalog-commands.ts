import { addCatalogSource, loadSourceCatalog, normalizeFeedUrl, SOURCE_KINDS, type SourceCatalog } from '../ingest/source-catalog.js';
import { formatNumber, joinOr } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { closestWords } from './closest-words.js';
import { isAdmin, type CommandContext } from './command-context.js';
import { confirmReply, errorReply } from './command-replies.js';
import { usageLine } from './help-text.js';

// The catalogue (digests/sources.json) is data: listing it or adding from it never fetches anything.
// Added sources are polled later by the feed poller, through the same SSRF guard as any other feed.

/** Longest listing in one reply; the whole catalogue fits today, `--lang`/`--kind` narrow it. */
const MAX_LINES = 80;

function catalogOf(ctx: CommandContext): SourceCatalog {
  return ctx.deps.sourceCatalog ?? loadSourceCatalog();
}

/** `sources catalog [lang | kind]`: the catalogue's entries, marked when already added. Anyone may read it. */
export async function listSourceCatalog(ctx: CommandContext, filter: { language: string | null; kind: string | null }): Promise<ReplyDocument> {
  const catalog = catalogOf(ctx);
  const entries = catalog.filter(filter);
  const filterText = [filter.language, filter.kind].filter(Boolean).join(', ');
  if (entries.length === 0) {
    return errorReply(t(ctx.lang, 'sourceCatalog.none', { filter: filterText, languages: catalog.languages().join(', '), kinds: SOURCE_KINDS.join(', ') }));
  }
  const added = new Set((await ctx.deps.store.sources.list()).map((row) => row.url));
  const lines = entries.slice(0, MAX_LINES).map((entry) => {
    const line = t(ctx.lang, 'sourceCatalog.line', { id: entry.id, name: entry.name, language: entry.language, kind: entry.kind });
    const where = entry.region ? ` · ${entry.region}` : '';
    return `${line}${where}${added.has(normalizeFeedUrl(entry.feedUrl)) ? ` · ${t(ctx.lang, 'sourceCatalog.addedMark')}` : ''}`;
  });
  const header = filterText ? t(ctx.lang, 'sourceCatalog.headerFiltered', { filter: filterText }) : t(ctx.lang, 'sourceCatalog.header');
  return {
    visibility: 'private',
    fallbackText: header,
    blocks: [
      { type: 'header', text: header },
      { type: 'text', text: lines.join('\n') },
      {
        type: 'context',
        items: [
          t(ctx.lang, 'sourceCatalog.footer', {
            shown: formatNumber(ctx.lang, lines.length),
            total: formatNumber(ctx.lang, catalog.sources.length),
            languages: formatNumber(ctx.lang, catalog.languages().length),
          }),
        ],
      },
    ],
  };
}

/** `sources add catalog:<id>` or `sources add --catalog <kind|lang>` (admins only): stores the entries, fetches nothing. */
export async function addFromSourceCatalog(ctx: CommandContext, target: { id: string } | { group: string }): Promise<ReplyDocument> {
  if (!isAdmin(ctx)) return errorReply(t(ctx.lang, 'error.notAdmin', { action: t(ctx.lang, 'admin.manageSources') }));
  const catalog = catalogOf(ctx);
  if ('id' in target) {
    const entry = catalog.byId(target.id);
    if (!entry) {
      const near = closestWords(target.id, catalog.sources.map((s) => s.id));
      const lines = [t(ctx.lang, 'sourceCatalog.unknownId', { id: target.id })];
      if (near.length > 0) lines.push(t(ctx.lang, 'error.didYouMean', { candidates: joinOr(ctx.lang, near.map((c) => `\`sources add catalog:${c}\``)) }));
      return errorReply(lines.join('\n'), usageLine('sources', ctx.lang));
    }
    const isNew = await addCatalogSource(ctx.deps.store.sources, entry, ctx.origin.userId, ctx.now);
    const params = { name: entry.name, language: entry.language, kind: entry.kind, url: normalizeFeedUrl(entry.feedUrl) };
    return confirmReply(t(ctx.lang, isNew ? 'sourceCatalog.added' : 'sourceCatalog.exists', params));
  }
  const entries = catalog.group(target.group);
  if (entries.length === 0) {
    return errorReply(
      t(ctx.lang, 'sourceCatalog.unknownGroup', { group: target.group, kinds: SOURCE_KINDS.join(', '), languages: catalog.languages().join(', ') }),
      usageLine('sources', ctx.lang),
    );
  }
  const names: string[] = [];
  for (const entry of entries) if (await addCatalogSource(ctx.deps.store.sources, entry, ctx.origin.userId, ctx.now)) names.push(entry.name);
  const summary = t(ctx.lang, 'sourceCatalog.addedGroup', {
    group: target.group,
    added: formatNumber(ctx.lang, names.length),
    total: formatNumber(ctx.lang, entries.length),
    existing: formatNumber(ctx.lang, entries.length - names.length),
  });
  return confirmReply(names.length > 0 ? `${summary}\n${names.join('\n')}` : summary);
}
