import { UsageError, type CliCommand } from '../cli-command.js';

/** Local names shown after the English one (a few, so a line stays readable). */
const SHOWN_LANGS = ['fr', 'de', 'ru', 'ar', 'zh', 'lt'];

export const topicsCommand: CliCommand = {
  name: 'topics',
  usage: 'cyberpolicy topics [--json]',
  summary: 'List the topics you can follow: slug, English name and some local names',
  async run(args, { io }) {
    const unknown = args.find((a) => a !== '--json');
    if (unknown !== undefined) throw new UsageError(`unexpected argument "${unknown}"`);
    const { loadTaxonomy } = await import('../../analysis/taxonomy-loader.js');
    const taxonomy = loadTaxonomy();
    if (args.includes('--json')) {
      io.out(JSON.stringify(taxonomy.topics.map((t) => ({ slug: t.slug, name: t.names.en, names: t.names, aliases: t.aliases }))));
      return 0;
    }
    const width = Math.max(...taxonomy.topics.map((t) => t.slug.length)) + 2;
    for (const topic of taxonomy.topics) {
      const local = SHOWN_LANGS.map((l) => topic.names[l]).filter((n): n is string => !!n && n !== topic.names.en);
      io.out(`${topic.slug.padEnd(width)}${topic.names.en}${local.length > 0 ? `  (${[...new Set(local)].join(' / ')})` : ''}`);
    }
    return 0;
  },
};
