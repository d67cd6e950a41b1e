/**
 * Scores an item against every topic of the taxonomy in one scan of its title and content.
 *
 * Each occurrence of a topic cue contributes weight x place:
 *   - weight: name 3, alias 2.5, contextual alias 2, key phrase 1.2; a key entity named in the
 *     item adds 1. Contextual aliases and key phrases ("supply chain", "ransom", "hospital") count
 *     only when the item shows cyber context (a `cyberContext` word or any other topic name).
 *   - place: a headline-sized title counts x2 (x1.5 for contextual cues); in the content the
 *     weight fades linearly to 0.3 at the end of a long text (>= 120 words), so a mention late in
 *     a long text is "in passing".
 *   - a sentence that cues four or more topics is an enumeration ("child safety, privacy, free
 *     speech and cybercrime"): each cue there counts 1/(topics - 1).
 * Repeated cues of one topic add with diminishing returns (k-th strongest cue divided by k).
 * A negative cue cancels the cues of its topic that it overlaps ("Consejo Europeo" is not "Consejo
 * de Europa"); one that overlaps none (Christchurch Call for paris-call) subtracts 1.5 instead.
 * Institution topics (Council of Europe, Paris Call, UN norms) that the item is about — a score of
 * at least 1.8 and a cue in the title or the first fifth — are raised x1.5: they lead, the subject
 * matter follows.
 *
 * Thresholds (documented and tested): the main topic needs >= 1.8, which one early name or alias
 * reaches and one late passing mention (<= 1.1) does not. Secondary topics need >= 2, at least 20%
 * of the main topic's (unraised) score, and two cues or one in the title: a single passing mention
 * is not a secondary topic. At most 4 topics.
 */
import type { TopicScore } from '../items/item.js';
import { localeRanks } from './locale-rank.js';
import type { PhraseMatch } from './phrase-index.js';
import { prepareText } from './prepared-text.js';
import type { ScannedToken } from './text-scanner.js';
import type { Taxonomy, TopicCue } from './taxonomy-loader.js';

export const TOPIC_CUE_WEIGHTS = { name: 3, alias: 2.5, contextualAlias: 2, keyPhrase: 1.2 } as const;
export const KEY_ENTITY_WEIGHT = 1;
export const TITLE_FACTOR = 2;
/** Key phrases and contextual aliases are hints, not names: a title raises them less. */
export const TITLE_FACTOR_HINT = 1.5;
/** An institution topic the item is about (raw score >= MAIN_TOPIC_MIN) leads the subject matter. */
export const INSTITUTION_FACTOR = 1.5;
export const NEGATIVE_PENALTY = 1.5;
export const MAIN_TOPIC_MIN = 1.8;
export const SECONDARY_TOPIC_MIN = 2;
export const SECONDARY_TOPIC_RATIO = 0.2;
export const MAX_TOPICS = 4;
/** Longer "titles" (a whole text on one line) are scored as content. */
const TITLE_MAX_WORDS = 40;
const LONG_TEXT_WORDS = 120;
const LATE_FADE = 0.7;
const PROMINENT_SHARE = 0.2;

export interface TopicMatchInput {
  title: string;
  content: string;
  lang: string;
  /** Canonical entity ids found in the item (extractEntities), for key-entity evidence. */
  entityIds?: string[];
}

interface Evidence {
  /** Per topic: contributions of cues that need no context, and of contextual ones. */
  contributions: Map<number, number[]>;
  contextual: Map<number, number[]>;
  penalties: Map<number, number>;
  /** A context word or a non-contextual topic cue was seen. */
  cyberContext: boolean;
  /** A context word proper was seen. */
  cyberWords: boolean;
  /** Topics cued in the title or the first fifth of the content. */
  prominent: Set<number>;
  /** Topics cued in the title. */
  inTitle: Set<number>;
}

function weightOf(cue: TopicCue): number {
  return cue.kind === 'negative' || cue.kind === 'context' || cue.kind === 'concept' ? 0 : TOPIC_CUE_WEIGHTS[cue.kind];
}

/** Cues that count only in an item that shows cyber context. */
function isContextual(cue: TopicCue): boolean {
  return cue.kind === 'keyPhrase' || cue.kind === 'contextualAlias';
}

function overlaps(a: PhraseMatch<TopicCue>, b: PhraseMatch<TopicCue>): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * Per topic, keep the strongest non-overlapping cues and drop those a negative cue covers.
 * Returns the kept cues and the negative cues that covered nothing (they count as penalties).
 */
function resolveCues(matches: PhraseMatch<TopicCue>[]): { kept: PhraseMatch<TopicCue>[]; penalties: PhraseMatch<TopicCue>[] } {
  const negatives = matches.filter((m) => m.pattern.data.kind === 'negative');
  const all = matches.filter((m) => m.pattern.data.kind !== 'negative' && m.pattern.data.kind !== 'context');
  const sameTopic = (a: PhraseMatch<TopicCue>, b: PhraseMatch<TopicCue>) => a.pattern.data.topic === b.pattern.data.topic && overlaps(a, b);
  const penalties = negatives.filter((n) => !all.some((m) => sameTopic(n, m)));
  const positives = all
    .filter((m) => !negatives.some((n) => sameTopic(n, m)))
    .sort((a, b) => weightOf(b.pattern.data) - weightOf(a.pattern.data) || b.last - b.first - (a.last - a.first) || a.first - b.first);
  const kept: PhraseMatch<TopicCue>[] = [];
  for (const m of positives) {
    if (!kept.some((k) => sameTopic(k, m))) kept.push(m);
  }
  return { kept, penalties };
}

function push(map: Map<number, number[]>, topic: number, value: number): void {
  const list = map.get(topic);
  if (list) list.push(value);
  else map.set(topic, [value]);
}

/** One piece of rule evidence for a topic, as `why` shows it: the words as written in the item. */
export interface TopicHit {
  phrase: string;
  kind: 'name' | 'alias' | 'contextualAlias' | 'keyPhrase' | 'keyEntity' | 'negative';
  inTitle: boolean;
}

function collect(
  tokens: readonly ScannedToken[],
  taxonomy: Taxonomy,
  asTitle: boolean,
  evidence: Evidence,
  concepts?: Map<number, number>,
  hits?: { text: string; map: Map<number, TopicHit[]> },
): void {
  if (tokens.length === 0) return;
  let found = taxonomy.index.match(tokens);
  if (found.length === 0) return;
  // Concepts share the pass but are no rule evidence: count them for the model and set them aside.
  if (found.some((m) => m.pattern.data.kind === 'concept')) {
    for (const m of found) {
      const c = m.pattern.data.concept;
      if (c !== undefined && concepts) concepts.set(c, (concepts.get(c) ?? 0) + (asTitle ? 2 : 1));
    }
    found = found.filter((m) => m.pattern.data.kind !== 'concept');
    if (found.length === 0) return;
  }
  if (found.some((m) => m.pattern.data.kind === 'context')) evidence.cyberContext = evidence.cyberWords = true;
  const { kept: matches, penalties } = resolveCues(found);
  if (hits) {
    const surface = (m: PhraseMatch<TopicCue>) => hits.text.slice(tokens[m.first]!.start, tokens[m.last]!.end);
    for (const m of [...matches, ...penalties]) {
      const kind = m.pattern.data.kind;
      if (kind === 'context' || kind === 'concept') continue;
      const list = hits.map.get(m.pattern.data.topic) ?? [];
      list.push({ phrase: surface(m), kind, inTitle: asTitle });
      hits.map.set(m.pattern.data.topic, list);
    }
  }
  for (const m of penalties) {
    const topic = m.pattern.data.topic;
    evidence.penalties.set(topic, (evidence.penalties.get(topic) ?? 0) + NEGATIVE_PENALTY * (asTitle ? TITLE_FACTOR : 1));
  }
  // Topics cued per sentence, for the enumeration discount.
  const topicsBySentence = new Map<number, Set<number>>();
  for (const m of matches) {
    const s = tokens[m.first].sentence;
    const set = topicsBySentence.get(s) ?? new Set<number>();
    set.add(m.pattern.data.topic);
    topicsBySentence.set(s, set);
  }
  const n = tokens.length;
  const lengthFactor = Math.min(1, n / LONG_TEXT_WORDS);
  for (const m of matches) {
    const cue = m.pattern.data;
    const titleFactor = isContextual(cue) ? TITLE_FACTOR_HINT : TITLE_FACTOR;
    const place = asTitle ? titleFactor : 1 - LATE_FADE * lengthFactor * (n > 1 ? m.first / (n - 1) : 0);
    if (!isContextual(cue)) evidence.cyberContext = true;
    if (asTitle) evidence.inTitle.add(cue.topic);
    if (asTitle || m.first <= n * PROMINENT_SHARE) evidence.prominent.add(cue.topic);
    const inSentence = asTitle ? 1 : topicsBySentence.get(tokens[m.first].sentence)!.size;
    const enumeration = inSentence >= 4 ? 1 / (inSentence - 1) : 1;
    push(isContextual(cue) ? evidence.contextual : evidence.contributions, cue.topic, weightOf(cue) * place * enumeration);
  }
}

export interface TopicEvidence {
  /** Score used for ranking (institution topics the item is about are raised). */
  score: number;
  /** Score before the institution factor. */
  raw: number;
  /** Number of cue occurrences and key entities that contributed. */
  cues: number;
  inTitle: boolean;
}

/** What scoreTopics saw beside the scores, for the learned model. */
export interface TopicTextFacts {
  /** Concepts the text names (index -> count, the title counting twice). */
  concepts: Map<number, number>;
  /**
   * A cyber-context word occurs ("cyber", "hackers", "software", "internet"...). Topic names do not
   * count here: without such a word, a name may be a look-alike (an airline named like spyware).
   */
  cyberWords: boolean;
}

/**
 * Scores of every topic with any evidence (for explanations and evaluation), by topic index.
 * `facts`, when given, receives the concepts named and whether the item shows cyber context.
 */
export function scoreTopics(
  input: TopicMatchInput,
  taxonomy: Taxonomy,
  facts?: TopicTextFacts,
  /** When given, receives each topic's rule hits (phrases as written, key entities). */
  hits?: Map<number, TopicHit[]>,
): Map<number, TopicEvidence> {
  const concepts = facts?.concepts;
  const evidence: Evidence = {
    contributions: new Map(),
    contextual: new Map(),
    penalties: new Map(),
    cyberContext: false,
    cyberWords: false,
    prominent: new Set(),
    inTitle: new Set(),
  };
  const preparedTitle = prepareText(input.title);
  const preparedContent = prepareText(input.content);
  const title = preparedTitle.content;
  const content = preparedContent.content;
  collect(title, taxonomy, title.length <= TITLE_MAX_WORDS, evidence, concepts, hits && { text: preparedTitle.text, map: hits });
  collect(content, taxonomy, false, evidence, concepts, hits && { text: preparedContent.text, map: hits });
  for (const id of new Set(input.entityIds ?? [])) {
    for (const topic of taxonomy.keyEntities.get(id) ?? []) {
      push(evidence.contributions, topic, KEY_ENTITY_WEIGHT);
      if (hits) hits.set(topic, [...(hits.get(topic) ?? []), { phrase: id, kind: 'keyEntity', inTitle: false }]);
    }
  }
  if (facts) facts.cyberWords = evidence.cyberWords;
  if (evidence.cyberContext) {
    for (const [topic, values] of evidence.contextual) for (const v of values) push(evidence.contributions, topic, v);
  }
  const scores = new Map<number, TopicEvidence>();
  for (const [topic, values] of evidence.contributions) {
    values.sort((a, b) => b - a);
    let raw = 0;
    values.forEach((v, k) => (raw += v / (k + 1)));
    raw -= evidence.penalties.get(topic) ?? 0;
    const boosted = taxonomy.topics[topic].institution && raw >= MAIN_TOPIC_MIN && evidence.prominent.has(topic);
    scores.set(topic, { score: boosted ? raw * INSTITUTION_FACTOR : raw, raw, cues: values.length, inTitle: evidence.inTitle.has(topic) });
  }
  return scores;
}

/**
 * The rules' own choice from `scoreTopics`: topic indices with their evidence, main topic first;
 * [] when no topic is discussed (only passing mentions, or none at all).
 */
export function pickRuleTopics(scores: ReadonlyMap<number, TopicEvidence>, taxonomy: Taxonomy): [number, TopicEvidence][] {
  const rank = localeRanks(taxonomy.topics, (t) => t.slug);
  const ranked = [...scores]
    .filter(([, e]) => e.score > 0)
    .sort((a, b) => b[1].score - a[1].score || rank[a[0]]! - rank[b[0]]!);
  if (ranked.length === 0 || ranked[0][1].raw < MAIN_TOPIC_MIN) return [];
  const floor = Math.max(SECONDARY_TOPIC_MIN, SECONDARY_TOPIC_RATIO * ranked[0][1].raw);
  // A secondary topic needs more than one passing cue: two cues, or one in the title.
  const secondary = (e: TopicEvidence) => e.score >= floor && (e.cues >= 2 || e.inTitle);
  return ranked.filter(([, e], i) => i === 0 || secondary(e)).slice(0, MAX_TOPICS);
}

/**
 * Topics of an item by the taxonomy's rules alone, main topic first, each with its score; [] when
 * no topic is discussed. The analyser combines these rules with the learned model (topic-classifier.ts).
 */
export function matchTopics(input: TopicMatchInput, taxonomy: Taxonomy): TopicScore[] {
  return pickRuleTopics(scoreTopics(input, taxonomy), taxonomy).map(([topic, e]) => ({
    slug: taxonomy.topics[topic].slug,
    score: Math.round(e.score * 1000) / 1000,
  }));
}
