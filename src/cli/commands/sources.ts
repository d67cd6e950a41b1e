import { EXIT_OK, EXIT_PARTIAL, UsageError, type CliCommand } from '../cli-command.js';

export const sourcesCommand: CliCommand = {
  name: 'sources',
  usage: 'cyberpolicy sources [list [--json]] | add [--no-check] <url> | add catalog:<id> | add --catalog <kind|lang> | remove <url> | catalog [--lang xx] [--kind k] [--json] | import <file.opml> | export [--out <file.opml>]',
  summary: 'List, add (checking the feed), remove, import or export (OPML) the feeds that `serve` polls',
  async run(args, context) {
    const { io, env } = context;
    const [action = 'list', ...rest] = args;
    // The catalogue (digests/sources.json) has its own module: listing or adding from it fetches nothing.
    if (action === 'catalog' || action === 'catalogue') return (await import('./sources-catalog.js')).runCatalogList(rest, context);
    if (action === 'add') {
      const { catalogTarget, runCatalogAdd } = await import('./sources-catalog.js');
      const target = catalogTarget(rest);
      if (target) return runCatalogAdd(target, context);
    }
    // OPML subscription lists (feedsmith reads and writes them).
    if (action === 'import' || action === 'export') {
      const opml = await import('./sources-opml.js');
      return action === 'import' ? opml.runOpmlImport(rest, context) : opml.runOpmlExport(rest, context);
    }
    if (!['list', 'add', 'remove', 'rm'].includes(action)) throw new UsageError(`unknown action "${action}"`);
    const target = rest.find((a) => !a.startsWith('--'));
    if ((action === 'add' || action === 'remove' || action === 'rm') && !target) throw new UsageError(`${action} needs a feed URL`);

    const [{ loadCoreConfig }, { openCliStore }, { systemClock }, guard, { AllowList }, { sourceIdForUrl }, { errorMessage, BlockedUrlError }, { failingSince }] = await Promise.all([
      import('../../config.js'),
      import('../open-cli-store.js'),
      import('../../clock.js'),
      import('../../ingest/url-guard.js'),
      import('../../ingest/address-policy.js'),
      import('../../ingest/source-id.js'),
      import('../../errors.js'),
      import('../../ingest/source-health.js'),
    ]);
    const config = loadCoreConfig(env);

    if (action === 'add') {
      // The guard runs before the store opens: a refused URL never touches anything.
      let checked: { url: URL; unresolved: boolean };
      try {
        checked = await guard.checkFeedUrl(target!, { allow: new AllowList(config.FETCH_ALLOW) });
      } catch (err) {
        if (err instanceof BlockedUrlError) {
          io.err(`cyberpolicy sources add: ${err.userMessage}`);
          return EXIT_PARTIAL;
        }
        throw err;
      }
      const url = checked.url.toString();
      const noCheck = rest.includes('--no-check');
      const store = await openCliStore(context, 'sources');
      try {
        if (await store.sources.get(url)) {
          io.out(`${url} is already a source`);
          return EXIT_OK;
        }
        if (noCheck) {
          await store.sources.add({ id: sourceIdForUrl(url), url, addedBy: 'cli', now: systemClock.now() });
          io.out(`added ${url} (not checked: --no-check)`);
          if (checked.unresolved) io.err(`note: ${checked.url.hostname} does not resolve right now; each poll checks it again`);
          return EXIT_OK;
        }
        // One fetch through the same guard and caps as the poller; nothing is stored unless it is a feed.
        const { checkFeedForCli } = await import('./sources-check.js');
        const outcome = await checkFeedForCli(url, context, { allow: config.FETCH_ALLOW, maxBytes: config.FEED_MAX_BYTES, now: systemClock.now() });
        if (!outcome.ok) {
          for (const line of outcome.lines) io.err(`cyberpolicy sources add: ${line}`);
          return EXIT_PARTIAL;
        }
        const added = await store.sources.add({ id: sourceIdForUrl(url), url, title: outcome.title, language: outcome.language, addedBy: 'cli', now: systemClock.now() });
        io.out(added ? `added ${url}` : `${url} is already a source`);
        io.out(`  ${outcome.summary}`);
        return EXIT_OK;
      } finally {
        await store.close();
      }
    }

    const store = await openCliStore(context, 'sources');
    try {
      if (action === 'remove' || action === 'rm') {
        let url = target!;
        try {
          url = new URL(target!).toString();
        } catch {
          // Not a URL: try it as given.
        }
        const removed = (await store.sources.remove(url)) || (url !== target && (await store.sources.remove(target!)));
        if (!removed) {
          io.err(`cyberpolicy sources remove: ${target} is not a source (see \`cyberpolicy sources list\`)`);
          return EXIT_PARTIAL;
        }
        io.out(`removed ${url}`);
        return EXIT_OK;
      }
      const rows = await store.sources.list();
      if (rest.includes('--json')) {
        // One JSON array, empty included, like `deliveries --json` and `topics --json`.
        io.out(
          JSON.stringify(
            rows.map((r) => ({
              id: r.id,
              url: r.url,
              title: r.title,
              language: r.language,
              catalogId: r.catalogId,
              category: r.categoryPath,
              lastStatus: r.lastStatus,
              lastError: r.lastError,
              errorCount: r.errorCount,
              lastFetchAt: r.lastFetchAt?.toISOString() ?? null,
              nextPollAt: r.nextPollAt?.toISOString() ?? null,
              itemCount: r.itemCount,
              failingSince: r.failingSince?.toISOString() ?? null,
            })),
          ),
        );
        return EXIT_OK;
      }
      if (rows.length === 0) io.out('no sources yet: add one with `cyberpolicy sources add <url>`');
      const now = systemClock.now();
      for (const r of rows) {
        const since = failingSince(r, now);
        const state = since
          ? `failing since ${since.toISOString()}: ${r.lastError ?? r.lastStatus}`
          : r.lastStatus
            ? `${r.lastStatus}${r.lastError ? ` (${r.lastError})` : ''}`
            : 'not polled yet';
        io.out(`${r.url}\n  ${r.title ?? '(untitled)'} · ${r.itemCount} items · ${state} · next poll ${r.nextPollAt?.toISOString() ?? 'now'}`);
      }
      return EXIT_OK;
    } catch (err) {
      io.err(`cyberpolicy sources: ${errorMessage(err)}`);
      return EXIT_PARTIAL;
    } finally {
      await store.close();
    }
  },
};
