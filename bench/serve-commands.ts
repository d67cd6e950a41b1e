/**
 * The command mix the serve part sends over HTTP, as users would: 60 % topics (slug, English or local
 * name, with or without a window), 25 % searches (common and rare words of the generated items, words in
 * Arabic, Cyrillic and Chinese script, entity names), 10 % list / subscribe / unsubscribe, 5 % `digest`
 * previews. Every command goes to its own (channel, user) pair and none is sent before timing, so no
 * answer is warm because the same command ran before.
 */
import { seededRandom } from '../src/analysis/topic-trainer.js';
import { loadTaxonomy } from '../src/analysis/taxonomy-loader.js';
import type { BenchRecord } from './generate-items.js';

export type CommandKind = 'topic' | 'search' | 'manage' | 'digest';

export interface MixCommand {
  kind: CommandKind;
  text: string;
}

/** Share of each kind in the mix (sums to 1). */
export const MIX: Record<CommandKind, number> = { topic: 0.6, search: 0.25, manage: 0.1, digest: 0.05 };

const WINDOWS = ['', '', '7d', '30d', '90d', '365d', 'since 2026-09-01'];
const ENTITY_SEARCHES = ['Kaspersky', 'Macron', 'NATO', 'Europol', 'Council of Europe', 'Paris Call', 'Budapest Convention', 'Pegasus', 'Interpol', 'Microsoft', 'AI Act'];

/** Search words from the items' own vocabulary, by how often they occur and by script. */
export interface SearchVocabulary {
  common: string[];
  rare: string[];
  arabic: string[];
  cyrillic: string[];
  chinese: string[];
}

export function searchVocabulary(records: BenchRecord[]): SearchVocabulary {
  const counts = new Map<string, number>();
  const chinese = new Set<string>();
  for (const r of records) {
    const text = `${r.title} ${r.content}`;
    for (const w of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
      if (/\p{Script=Han}/u.test(w)) {
        // No spaces between Chinese words: take two-character pieces of each run, as a reader would search.
        for (let i = 0; i + 2 <= w.length; i += 2) if (/^\p{Script=Han}{2}$/u.test(w.slice(i, i + 2))) chinese.add(w.slice(i, i + 2));
        continue;
      }
      if (w.length < 4 || /^\d+$/.test(w)) continue;
      const key = w.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const latin = byCount.filter(([w]) => /^\p{Script=Latin}+$/u.test(w));
  return {
    common: latin.slice(0, 300).map(([w]) => w),
    // The generator reuses sentences, so few words occur once: the least frequent 500 are the rare ones.
    rare: latin.slice(-500).map(([w]) => w),
    arabic: byCount.filter(([w]) => /^\p{Script=Arabic}+$/u.test(w)).map(([w]) => w),
    cyrillic: byCount.filter(([w]) => /^\p{Script=Cyrillic}+$/u.test(w)).map(([w]) => w),
    chinese: [...chinese].sort(),
  };
}

/**
 * `count` commands in the mix's proportions, shuffled, from a seed. Topic commands cycle through every
 * (topic name, window) pair before one repeats; search words are drawn without replacement (two words
 * once a pool is used up); subscribe and unsubscribe name random topics.
 */
export function commandMix(count: number, vocabulary: SearchVocabulary, seed = 19): MixCommand[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const taxonomy = loadTaxonomy();
  const slugs = taxonomy.topics.map((t) => t.slug);
  const names = taxonomy.topics.flatMap((t) => [t.slug, t.names.en!, ...Object.entries(t.names).filter(([l]) => l !== 'en').map(([, n]) => n).slice(0, 3)]);
  const topicTexts = shuffle(names.flatMap((n) => WINDOWS.map((w) => (w ? `${n} ${w}` : n))), random);
  const draws: Record<keyof SearchVocabulary, string[]> = {
    common: shuffle([...vocabulary.common], random),
    rare: shuffle([...vocabulary.rare], random),
    arabic: shuffle([...vocabulary.arabic], random),
    cyrillic: shuffle([...vocabulary.cyrillic], random),
    chinese: shuffle([...vocabulary.chinese], random),
  };
  const used = new Set<string>();
  const searchText = (): string => {
    const r = random();
    if (r < 0.05) return `search ${pick(ENTITY_SEARCHES)}`;
    const pool: keyof SearchVocabulary = r < 0.4 ? 'common' : r < 0.7 ? 'rare' : r < 0.8 ? 'arabic' : r < 0.9 ? 'cyrillic' : 'chinese';
    const words = draws[pool].length ? draws[pool] : vocabulary[pool];
    for (let i = 0; i < 20; i++) {
      const text = draws[pool].length ? `search ${draws[pool].pop()!}` : `search ${pick(words)} ${pick(words)}`;
      if (!used.has(text)) {
        used.add(text);
        return text;
      }
    }
    return `search ${pick(words)} ${pick(words)} ${pick(words)}`;
  };
  const out: MixCommand[] = [];
  const kinds = Object.keys(MIX) as CommandKind[];
  for (const kind of kinds) {
    // Rounded shares; the digest previews take what is left, so there are exactly `count`.
    const n = kind === 'digest' ? count - out.length : Math.round(count * MIX[kind]);
    for (let i = 0; i < n && out.length < count; i++) {
      if (kind === 'topic') out.push({ kind, text: topicTexts[out.length % topicTexts.length]! });
      else if (kind === 'search') out.push({ kind, text: searchText() });
      else if (kind === 'manage') {
        const r = random();
        out.push({ kind, text: r < 0.4 ? 'list' : r < 0.75 ? `subscribe ${pick(slugs)}` : `unsubscribe ${pick(slugs)}` });
      } else out.push({ kind, text: 'digest' });
    }
  }
  return shuffle(out, random);
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
