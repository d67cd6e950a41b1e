/**
 * Topics of an item from the taxonomy's rules and the learned model together.
 *
 * The rules (topic-matcher.ts) score names, aliases, key phrases, key entities and negative cues;
 * their per-topic scores and their own choice are features of the model (topic-features.ts), next
 * to stems, 4-grams and entities, so the model learns how far to trust a rule hit in context: a
 * name recalled in one late clause is not the subject, a word shared with an airline is not
 * spyware, and an event told without the topic's name still gets it.
 *
 * Decision (thresholds chosen on the dev split by `npm run train`, stored with the weights):
 *   - when the model has a main-topic head (a softmax over the topics and "none"), "none" most
 *     probable there means no topic; otherwise the item has one, and when no topic reaches the bar
 *     below, the head's most probable topic leads (5-fold CV on train: main topic 68.8 -> 72.1;
 *     one threshold on sixteen independent probabilities left 15 % of held-out items without one);
 *   - the main topic is the most probable one, if its probability reaches `thresholds.main`
 *     (`thresholds.bare` when the rules cue it by name in an item without any cyber-context word:
 *     a shared word alone gives no topic); otherwise the item has no topic, unless the rules are
 *     sure of theirs (RULE_SURE) and the item shows cyber context;
 *   - an institution topic, or the attack before the sector it hit, takes the lead from a more
 *     probable topic when its own probability reaches `thresholds.precedence` x the leader's;
 *   - secondary topics reach `thresholds.secondary`; at most MAX_TOPICS in all.
 * Rules kept for precision: a topic whose only rule evidence a negative cue cancelled keeps that
 * cancellation (the rule score the model sees is already net of it).
 * Without a model (rules only: custom taxonomies, training) the rules decide alone.
 */
import type { EntityMention, TopicScore } from '../items/item.js';
import type { ItemTokens } from './item-tokens.js';
import { localeRanks } from './locale-rank.js';
import type { Taxonomy } from './taxonomy-loader.js';
import { topicFeatures, type FeatureVector } from './topic-features.js';
import { MAX_TOPICS, pickRuleTopics, scoreTopics, type TopicTextFacts } from './topic-matcher.js';
import { predictMainTopic, predictTopics, type TopicModel } from './topic-model.js';

export interface TopicItemInput {
  title: string;
  content: string;
  /** Language whose tools read the text. */
  lang: string;
  tokens: Pick<ItemTokens, 'title' | 'all' | 'words'>;
  entities: readonly Pick<EntityMention, 'id' | 'type'>[];
}

export interface TopicInputs {
  rules: TopicScore[];
  /** A cyber-context word occurs (topic-matcher.ts: TopicTextFacts.cyberWords). */
  cyberContext: boolean;
  /** Institution topics the rules find the item is about (named in the title or its first fifth). */
  leaders: ReadonlySet<string>;
  /** Topics the rules found any cue of (a name, alias, key phrase or key entity). */
  cued: ReadonlySet<string>;
  /** Ids of the concepts (digests/topic-concepts.json) the text names: what it is about, in any language. */
  concepts: readonly string[];
  features: (dims: number) => FeatureVector;
}

/** The rules' topics and a (lazy) feature vector for the model. */
export function topicInputs(input: TopicItemInput, taxonomy: Taxonomy): TopicInputs {
  const entityIds = [...new Set(input.entities.map((e) => e.id))];
  const facts: TopicTextFacts = { concepts: new Map(), cyberWords: false };
  const scores = scoreTopics({ title: input.title, content: input.content, lang: input.lang, entityIds }, taxonomy, facts);
  const picked = pickRuleTopics(scores, taxonomy);
  const rules = picked.map(([t, e]) => ({ slug: taxonomy.topics[t].slug, score: Math.round(e.score * 1000) / 1000 }));
  const features = (dims: number) =>
    topicFeatures(
      {
        tokens: input.tokens,
        entities: input.entities,
        rules: [...scores].map(([t, e]) => ({ slug: taxonomy.topics[t].slug, score: e.score, inTitle: e.inTitle })),
        ruleTopics: rules.map((r) => r.slug),
        concepts: new Map([...facts.concepts].map(([c, n]) => [taxonomy.concepts[c]!, n])),
        cyberContext: facts.cyberWords,
      },
      dims,
    );
  const leaders = new Set<string>();
  const cued = new Set<string>();
  for (const [t, e] of scores) {
    if (e.score > e.raw) leaders.add(taxonomy.topics[t].slug);
    if (e.score > 0) cued.add(taxonomy.topics[t].slug);
  }
  const concepts = [...facts.concepts.keys()].map((c) => taxonomy.concepts[c]!);
  return { rules, cyberContext: facts.cyberWords, leaders, cued, concepts, features };
}

/**
 * A rule score the rules reach only when the item names its topic where it counts: in the
 * headline (a name scores 3, x2 there) or several times early. Such an item, if it also shows a
 * cyber-context word, is about that topic even when the model, trained mostly on items that never
 * name theirs, is unsure.
 */
export const RULE_SURE = 6;

/** Attack topics that come before the sector topic they hit (label rules, test/fixtures/eval/README.md). */
const ATTACK_BEFORE_SECTOR: readonly (readonly [string, string])[] = [['ransomware', 'critical-infrastructure']];
const NO_SET: ReadonlySet<string> = new Set();


/**
 * Model probabilities -> topics, main first, each scored by its probability (3 decimals).
 * `rules` (the rules' own choice) supplies the main topic when the model finds none and the rules
 * are sure of theirs (score >= RULE_SURE).
 */
export function decideTopics(
  model: TopicModel,
  probabilities: Float64Array,
  rules: readonly TopicScore[] = [],
  leaders: ReadonlySet<string> = NO_SET,
  cyberContext = true,
  cued: ReadonlySet<string> = NO_SET,
  head: Float64Array | null = null,
): TopicScore[] {
  const rank = localeRanks(model.topics, (slug) => slug);
  const ranked = model.topics
    .map((slug, j) => ({ slug, p: probabilities[j]!, rank: rank[j]! }))
    .sort((a, b) => b.p - a.p || a.rank - b.rank);
  const { main, secondary, precedence } = model.file.thresholds;
  let headBest = -1;
  if (head !== null) {
    // The head's classes compete: "none" most probable means no topic, whatever the thresholds say.
    for (let j = 0; j < head.length; j++) if (headBest < 0 || head[j]! > head[headBest]!) headBest = j;
    if (headBest === model.topics.length) return [];
  }
  // A topic the rules cue by a name in an item without any cyber-context word may be a look-alike
  // (an airline named like spyware): the model must be surer of it.
  const bar = (slug: string) => (!cyberContext && cued.has(slug) ? Math.max(main, model.file.thresholds.bare) : main);
  let lead = ranked[0];
  if (lead === undefined) return [];
  if (lead.p < bar(lead.slug)) {
    const sure = cyberContext && rules[0] !== undefined && rules[0].score >= RULE_SURE ? ranked.find((r) => r.slug === rules[0]!.slug) : undefined;
    // Below the bar the head, sure the item has a topic, names it.
    const named = sure ?? (headBest >= 0 ? ranked.find((r) => r.slug === model.topics[headBest]) : undefined);
    if (named === undefined) return [];
    lead = named;
  } else {
    // The label rules' order: an institution the item is about (named early, not in passing:
    // `leaders`) leads its subject matter, and the attack comes before the sector it hit, when the
    // model finds both likely.
    const first = lead;
    const takes = ranked.find(
      (r) =>
        r !== first &&
        r.p >= main &&
        r.p >= precedence * first.p &&
        ((leaders.has(r.slug) && !leaders.has(first.slug)) ||
          ATTACK_BEFORE_SECTOR.some(([attack, sector]) => r.slug === attack && first.slug === sector)),
    );
    if (takes) lead = takes;
  }
  return [lead, ...ranked.filter((r) => r !== lead && r.p >= secondary)]
    .slice(0, MAX_TOPICS)
    .map((r) => ({ slug: r.slug, score: Math.round(r.p * 1000) / 1000 }));
}

/**
 * Topics of an item (the model's decision when a model is loaded, else the rules'), and the
 * concepts its text names (story grouping compares them across languages).
 */
export function classifyItem(input: TopicItemInput, taxonomy: Taxonomy, model: TopicModel | null): { topics: TopicScore[]; concepts: readonly string[] } {
  const { rules, cyberContext, leaders, cued, concepts, features } = topicInputs(input, taxonomy);
  if (!model) return { topics: rules, concepts };
  const x = features(model.dims);
  return { topics: decideTopics(model, predictTopics(model, x), rules, leaders, cyberContext, cued, predictMainTopic(model, x)), concepts };
}

/** Topics of an item: the model's decision when a model is loaded, else the rules'. */
export function classifyTopics(input: TopicItemInput, taxonomy: Taxonomy, model: TopicModel | null): TopicScore[] {
  return classifyItem(input, taxonomy, model).topics;
}
