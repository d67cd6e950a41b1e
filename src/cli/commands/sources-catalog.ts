import { EXIT_OK, EXIT_PARTIAL, UsageError, type CliContext } from '../cli-command.js';

// `cyberpolicy sources catalog …` and `sources add catalog:<id> | --catalog <kind|lang>`. Kept apart from
// `sources add <url>`, which checks the feed over the network: adding from the catalogue fetches nothing.

/** The flags `sources catalog` takes: `--lang xx`, `--kind k`, `--json`; bare words as in chat (a two-letter word is a language, a kind a kind). */
function catalogFilter(args: string[], isKind: (word: string) => boolean): { language: string | null; kind: string | null; json: boolean } {
  let language: string | null = null;
  let kind: string | null = null;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--lang' || arg === '--language' || arg === '--kind') {
      const value = args[++i]?.toLowerCase();
      if (!value || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      if (arg === '--kind') {
        if (!isKind(value)) throw new UsageError(`unknown kind "${value}"`);
        kind = value;
      } else {
        if (!/^[a-z]{2}$/.test(value)) throw new UsageError(`${arg} takes a two-letter language code, not "${value}"`);
        language = value;
      }
    } else if (isKind(arg.toLowerCase())) kind = arg.toLowerCase();
    else if (/^[a-z]{2}$/i.test(arg)) language = arg.toLowerCase();
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  return { language, kind, json };
}

/** `cyberpolicy sources catalog [--lang xx] [--kind k] [--json]`: prints the catalogue; opens no store. */
export async function runCatalogList(args: string[], { io }: CliContext): Promise<number> {
  const { loadSourceCatalog, isSourceKind, SOURCE_KINDS } = await import('../../ingest/source-catalog.js');
  const catalog = loadSourceCatalog();
  const filter = catalogFilter(args, isSourceKind);
  const entries = catalog.filter(filter);
  if (filter.json) {
    // One JSON array, every field of every entry (provenance included), like the other --json outputs.
    io.out(JSON.stringify(entries, null, 2));
    return EXIT_OK;
  }
  if (entries.length === 0) {
    io.err(`cyberpolicy sources catalog: no entry matches (languages: ${catalog.languages().join(', ')}; kinds: ${SOURCE_KINDS.join(', ')})`);
    return EXIT_PARTIAL;
  }
  for (const e of entries) io.out(`${e.id}  ${e.language}  ${e.kind}${e.region ? `  ${e.region}` : ''}  ${e.name}\n  ${e.feedUrl}`);
  io.out(`${entries.length} of ${catalog.sources.length} catalogue sources in ${catalog.languages().length} languages; add with \`cyberpolicy sources add catalog:<id>\` or \`--catalog <kind|lang>\``);
  return EXIT_OK;
}

/** The catalogue target of `sources add`, or null when the argument is a URL. */
export function catalogTarget(rest: string[]): { id: string } | { group: string } | null {
  const first = rest[0];
  if (!first) return null;
  const prefixed = /^catalog(?:ue)?:(.*)$/i.exec(first);
  if (prefixed) {
    if (!prefixed[1]) throw new UsageError('catalog: needs an id, e.g. catalog:cert-fr');
    return { id: prefixed[1].toLowerCase() };
  }
  if (first === '--catalog') {
    if (!rest[1] || rest[1].startsWith('--')) throw new UsageError('--catalog needs a kind or a two-letter language code');
    return { group: rest[1].toLowerCase() };
  }
  return null;
}

/** `cyberpolicy sources add catalog:<id> | --catalog <kind|lang>`: stores the entries with their language; fetches nothing. */
export async function runCatalogAdd(target: { id: string } | { group: string }, context: CliContext): Promise<number> {
  const { io } = context;
  const [{ loadSourceCatalog, addCatalogSource, normalizeFeedUrl, SOURCE_KINDS }, { openCliStore }, { systemClock }, { closestWords }, { errorMessage }] = await Promise.all([
    import('../../ingest/source-catalog.js'),
    import('../open-cli-store.js'),
    import('../../clock.js'),
    import('../../commands/closest-words.js'),
    import('../../errors.js'),
  ]);
  const catalog = loadSourceCatalog();
  let entries;
  if ('id' in target) {
    const entry = catalog.byId(target.id);
    if (!entry) {
      const near = closestWords(target.id, catalog.sources.map((s) => s.id));
      io.err(`cyberpolicy sources add: no catalogue source "${target.id}"${near.length > 0 ? ` (did you mean ${near.map((n) => `catalog:${n}`).join(', ')}?)` : ''}; see \`cyberpolicy sources catalog\``);
      return EXIT_PARTIAL;
    }
    entries = [entry];
  } else {
    entries = catalog.group(target.group);
    if (entries.length === 0) {
      io.err(`cyberpolicy sources add: "${target.group}" is neither a kind (${SOURCE_KINDS.join(', ')}) nor a language (${catalog.languages().join(', ')}) of the catalogue`);
      return EXIT_PARTIAL;
    }
  }
  const store = await openCliStore(context, 'sources');
  try {
    const now = systemClock.now();
    for (const entry of entries) {
      const added = await addCatalogSource(store.sources, entry, 'cli', now);
      const url = normalizeFeedUrl(entry.feedUrl);
      io.out(added ? `added ${entry.id} (${entry.language}, ${entry.kind}): ${url}` : `${entry.id} is already a source: ${url}`);
    }
    return EXIT_OK;
  } catch (err) {
    io.err(`cyberpolicy sources add: ${errorMessage(err)}`);
    return EXIT_PARTIAL;
  } finally {
    await store.close();
  }
}
