import { entityNamesFrom, type EntityNames, type NamedEntity } from '../i18n/entity-names.js';
import { itemTime, type AnalyzedItem, type Analysis, type EntityMention, type Item, type StoryRef } from '../items/item.js';
import type { Analyzer, TopicExplanation } from './analyzer.js';
import { pickRuleTopics, scoreTopics, type TopicHit } from './topic-matcher.js';
import { createTextDateReader, type TextDateReader } from '../dates/text-date.js';
import { createLanguageDetector, type EldSize, type LanguageDetector } from './detect-language.js';
import { entityIdsIn, extractEntities } from './entity-extractor.js';
import { loadGazetteer } from './entity-gazetteer.js';
import { tokenize } from './normalize-text.js';
import { buildSearchQuery, buildSearchText } from './search-text.js';
import { simhash, simhashHalves, tokenHashes } from './simhash.js';
import { canonicalUrl, extractLinks, extractNumbers } from './story-evidence.js';
import { StoryFrequencies } from './story-frequencies.js';
import { StoryGrouper, type StoryFacts } from './story-grouper.js';
import { summarizeSentences } from './summarize.js';
import { skeletonKeys } from './name-skeleton.js';
import { prepareText } from './prepared-text.js';
import { itemTokens } from './item-tokens.js';
import { loadTaxonomy, type Taxonomy } from './taxonomy-loader.js';
import { classifyItem, topicInputs, type TopicInputs } from './topic-classifier.js';
import { defaultTopicModelPath, loadTopicModel, type TopicModel } from './topic-model.js';

export interface AnalyzerOptions {
  /** digests/topics.json by default. */
  taxonomyPath?: string;
  /** The taxonomy loaded from `taxonomyPath` already (createCore shares its own, so it is read and compiled once). */
  taxonomy?: Taxonomy;
  /**
   * The learned topic model: digests/topic-model.json by default (with the default taxonomy only:
   * a model is trained for one taxonomy); null for the taxonomy's rules alone.
   */
  topicModelPath?: string | null;
  /** digests/entities.json by default. */
  gazetteerPath?: string;
  eldSize?: EldSize;
  /** Items further apart than this are never one story. */
  storyWindowDays?: number;
  /** digests/date-words.json by default. */
  dateWordsPath?: string;
}

type Gazetteer = ReturnType<typeof loadGazetteer>;

/** How many items' story facts are remembered, so known items need not be tokenised again. */
const FACTS_CACHE_SIZE = 5_000;
/** Language detection reads the head of the text; more adds time, not accuracy. */
const DETECT_CHARS = 200;

/** An item's language as `analyze` detects it (the head of its title and text, the feed's language as a prior). */
export function detectItemLanguage(detector: LanguageDetector, item: Pick<Item, 'title' | 'content' | 'lang'>): string {
  return detector.detect(`${item.title}\n${item.content}`.slice(0, DETECT_CHARS), item.lang);
}

/**
 * Load the models once (language detector, taxonomy, gazetteer) and return the analyzer.
 * `analyze` is synchronous and needs no I/O.
 */
export async function createAnalyzer(options: AnalyzerOptions = {}): Promise<Analyzer> {
  const [detector, taxonomy, gazetteer, dates] = await Promise.all([
    createLanguageDetector(options.eldSize),
    Promise.resolve().then(() => options.taxonomy ?? loadTaxonomy(options.taxonomyPath)),
    Promise.resolve().then(() => loadGazetteer(options.gazetteerPath)),
    createTextDateReader({ dateWordsPath: options.dateWordsPath }),
  ]);
  const modelPath = options.topicModelPath === undefined ? (options.taxonomyPath === undefined ? defaultTopicModelPath() : null) : options.topicModelPath;
  const model = modelPath === null ? null : loadTopicModel(taxonomy.topics.map((t) => t.slug), modelPath);
  return new PipelineAnalyzer(detector, taxonomy, gazetteer, model, options.storyWindowDays ?? 7, dates);
}

/**
 * What the topic model reads of an item, computed exactly as `analyze` does (same language
 * detection, entities, tokens and rules): for `npm run train`.
 */
export async function createTopicInputReader(options: Omit<AnalyzerOptions, 'topicModelPath'> = {}): Promise<(item: Item) => TopicInputs & { lang: string }> {
  const analyzer = (await createAnalyzer({ ...options, topicModelPath: null })) as PipelineAnalyzer;
  return (item) => analyzer.topicInputsOf(item);
}

class PipelineAnalyzer implements Analyzer {
  private readonly facts = new Map<string, StoryFacts>();
  /** Story grouping's name and entity counts, carried from batch to batch (see StoryFrequencies). */
  private readonly frequencies = new StoryFrequencies();
  readonly entityNames: EntityNames;
  readonly entities: readonly NamedEntity[];
  private readonly topicEntities: Map<string, Set<string>>;

  constructor(
    private readonly detector: LanguageDetector,
    private readonly taxonomy: Taxonomy,
    private readonly gazetteer: Gazetteer,
    private readonly model: TopicModel | null,
    private readonly windowDays: number,
    private readonly dates: TextDateReader,
  ) {
    this.topicEntities = new Map(taxonomy.topics.map((t) => [t.slug, new Set(t.keyEntities)]));
    this.entityNames = entityNamesFrom(gazetteer.entities);
    this.entities = gazetteer.entities;
  }

  analyze(items: Item[], options: { known?: readonly (AnalyzedItem | StoryRef)[] } = {}): AnalyzedItem[] {
    const freshIds = new Set(items.map((i) => i.id));
    // Cached facts are taken first (rebuilding a whole item's facts adds to the LRU and may evict
    // some), then every known item is listed in the caller's order (grouping depends on it).
    const fromCache = new Map<string, StoryFacts>();
    for (const k of options.known ?? []) {
      if (freshIds.has(k.id) || 'analysis' in k) continue;
      const facts = this.cachedFacts(k);
      if (facts) fromCache.set(k.id, facts);
    }
    const known: { facts: StoryFacts; story: string }[] = [];
    for (const k of options.known ?? []) {
      if (freshIds.has(k.id)) continue;
      if ('analysis' in k) known.push({ facts: this.factsOfKnown(k), story: k.analysis.story });
      else {
        const facts = fromCache.get(k.id);
        if (facts) known.push({ facts, story: k.story });
      }
    }
    const partial = items.map((item) => this.analyzeOne(item));
    const stories = new StoryGrouper({ windowDays: this.windowDays, topicEntities: this.topicEntities, frequencies: this.frequencies }).group(
      partial.map((p) => p.facts),
      known,
    );
    return partial.map((p, i) => {
      this.remember(p.facts);
      return { ...p.item, analysis: { ...p.analysis, story: stories[i]! } };
    });
  }

  explainTopics(item: Pick<AnalyzedItem, 'title' | 'content' | 'analysis'>): TopicExplanation {
    const hits = new Map<number, TopicHit[]>();
    const entityIds = [...new Set(item.analysis.entities.map((e) => e.id))];
    const scores = scoreTopics({ title: item.title, content: item.content, lang: item.analysis.lang, entityIds }, this.taxonomy, undefined, hits);
    const rules = pickRuleTopics(scores, this.taxonomy).map(([t, e]) => ({ slug: this.taxonomy.topics[t]!.slug, score: Math.round(e.score * 1000) / 1000 }));
    const given = item.analysis.topics;
    const slugs = [...new Set([...given.map((t) => t.slug), ...rules.map((r) => r.slug)])];
    const indexOf = (slug: string) => this.taxonomy.topics.findIndex((t) => t.slug === slug);
    return {
      topics: slugs.map((slug) => ({
        slug,
        score: given.find((t) => t.slug === slug)?.score ?? null,
        ruleScore: rules.find((r) => r.slug === slug)?.score ?? null,
        hits: hits.get(indexOf(slug)) ?? [],
      })),
      model: this.model !== null && (given.length !== rules.length || given.some((t, i) => rules[i]?.slug !== t.slug || Math.abs(rules[i]!.score - t.score) > 0.001)),
    };
  }

  searchQuery(words: string): { tsquery: string | null; entityIds: string[] } {
    const text = words.slice(0, 500);
    // Longest names first, so "Kaspersky Lab" claims both words before "Kaspersky" claims one.
    const named = entityIdsIn(text, this.gazetteer).map((id) => {
      const entity = this.gazetteer.byId.get(id)!;
      const names = [entity.name, ...Object.values(entity.aliases).flat()].sort((a, b) => b.length - a.length);
      return { id, names };
    });
    return buildSearchQuery(text, tokenize, named);
  }

  private analyzeOne(raw: Item): { item: Item; analysis: Omit<Analysis, 'story'>; facts: StoryFacts } {
    const lang = this.detector.detect(`${raw.title}\n${raw.content}`.slice(0, DETECT_CHARS), raw.lang);
    const item = this.withTextDate(raw, lang);
    try {
      return { item, ...this.analyzeAs(item, lang, lang) };
    } catch {
      // A language's own tools failed on this text (a stemmer bug, say): one item must not sink the
      // batch. Match and tokenise with the script-based defaults instead; the language stays.
      return { item, ...this.analyzeAs(item, lang, 'und') };
    }
  }

  /** An undated item whose text states its date gets that date, marked as read from the text. */
  private withTextDate(item: Item, lang: string): Item {
    if (item.published) return item;
    const found = this.dates.read(`${item.title}\n${item.content}`, lang, item.fetchedAt);
    return found ? { ...item, published: new Date(`${found.date}T00:00:00Z`), publishedSource: 'text' } : item;
  }

  /** Analysis reporting `lang`, with the matching tools of `toolsLang`. */
  private analyzeAs(item: Item, lang: string, toolsLang: string): { analysis: Omit<Analysis, 'story'>; facts: StoryFacts } {
    const { title, content } = item;
    const text = `${title}\n${content}`;
    const entities = extractEntities({ title, content, lang: toolsLang }, this.gazetteer);
    const words = itemTokens(title, content, toolsLang);
    const { topics, concepts } = classifyItem({ title, content, lang: toolsLang, tokens: words, entities }, this.taxonomy, this.model);
    const summary = summarizeSentences(words.sentences, words.title, { salientTerms: entities.map((e) => e.surface) });
    const fingerprint = {
      simhash: simhash(words.all),
      numbers: extractNumbers(text),
      links: extractLinks(content, item.url),
    };
    const searchText = buildSearchText({ folded: words.folded, stems: words.all, entities, topics });
    const facts: StoryFacts = {
      id: item.id,
      lang,
      time: itemTime(item).getTime(),
      url: item.url ? canonicalUrl(item.url) : null,
      simhash: fingerprint.simhash,
      simhashHalves: simhashHalves(fingerprint.simhash),
      titleTokens: tokenHashes(words.title),
      tokens: tokenHashes(words.all),
      entities: entityTypes(entities),
      mainTopic: topics[0]?.slug ?? null,
      mainTopicSure: this.mainTopicSure(topics),
      topics: new Set(topics.map((t) => t.slug)),
      names: tokenHashes(words.names),
      words: tokenHashes(words.words),
      numbers: new Set(fingerprint.numbers),
      links: new Set(fingerprint.links),
      skeletons: itemSkeletons(title, content),
      entityMentions: entities,
      concepts: new Set(concepts),
    };
    return { analysis: { lang, topics, entities, summary, fingerprint, searchText }, facts };
  }

  /** A main topic below the model's main threshold was named by its head (or by sure rules): a guess to story grouping. */
  private mainTopicSure(topics: readonly { score: number }[]): boolean {
    return this.model === null || topics.length === 0 || topics[0]!.score >= this.model.file.thresholds.main;
  }

  /** The language `analyze` would give the item (`sources add` reports a feed's languages with it). */
  detectLanguage(item: Pick<Item, 'title' | 'content' | 'lang'>): string {
    return detectItemLanguage(this.detector, item);
  }

  /** The topic model's inputs for one item (see createTopicInputReader). */
  topicInputsOf(item: Item): TopicInputs & { lang: string } {
    const lang = this.detector.detect(`${item.title}\n${item.content}`.slice(0, DETECT_CHARS), item.lang);
    const { title, content } = item;
    const entities = extractEntities({ title, content, lang }, this.gazetteer);
    const words = itemTokens(title, content, lang);
    return { ...topicInputs({ title, content, lang, tokens: words, entities }, this.taxonomy), lang };
  }

  uncachedKnown(refs: readonly StoryRef[]): string[] {
    return refs.filter((r) => !this.facts.has(r.id) || this.facts.get(r.id)!.simhash !== r.simhash).map((r) => r.id);
  }

  private cachedFacts(ref: StoryRef): StoryFacts | null {
    const cached = this.facts.get(ref.id);
    if (!cached || cached.simhash !== ref.simhash) return null;
    this.remember(cached);
    return cached;
  }

  /** Story facts of a stored item: from the cache when we analysed it, else rebuilt. */
  private factsOfKnown(item: AnalyzedItem): StoryFacts {
    const cached = this.facts.get(item.id);
    if (cached && cached.simhash === item.analysis.fingerprint.simhash) return cached;
    const a = item.analysis;
    const words = itemTokens(item.title, item.content, a.lang);
    const facts: StoryFacts = {
      id: item.id,
      lang: a.lang,
      time: itemTime(item).getTime(),
      url: item.url ? canonicalUrl(item.url) : null,
      simhash: a.fingerprint.simhash,
      simhashHalves: simhashHalves(a.fingerprint.simhash),
      titleTokens: tokenHashes(words.title),
      tokens: tokenHashes(words.all),
      entities: entityTypes(a.entities),
      mainTopic: a.topics[0]?.slug ?? null,
      mainTopicSure: this.mainTopicSure(a.topics),
      topics: new Set(a.topics.map((t) => t.slug)),
      names: tokenHashes(words.names),
      words: tokenHashes(words.words),
      numbers: new Set(a.fingerprint.numbers),
      links: new Set(a.fingerprint.links),
      skeletons: itemSkeletons(item.title, item.content),
      entityMentions: a.entities,
      // The rules' pass again (cheap next to the model): the concepts are not stored.
      concepts: new Set(topicInputs({ title: item.title, content: item.content, lang: a.lang, tokens: words, entities: a.entities }, this.taxonomy).concepts),
    };
    this.remember(facts);
    return facts;
  }

  private remember(facts: StoryFacts): void {
    this.facts.delete(facts.id);
    this.facts.set(facts.id, facts);
    // Map keeps insertion order: the first key is the least recently used.
    if (this.facts.size > FACTS_CACHE_SIZE) this.facts.delete(this.facts.keys().next().value!);
  }
}

/** Name skeletons of title and content (the scans are cached by prepareText). */
function itemSkeletons(title: string, content: string): Uint32Array {
  const t = prepareText(title);
  const c = prepareText(content);
  const a = skeletonKeys(t.tokens, t.text);
  const b = skeletonKeys(c.tokens, c.text);
  const merged = new Uint32Array(a.length + b.length);
  merged.set(a);
  merged.set(b, a.length);
  merged.sort();
  return merged.filter((h, i) => i === 0 || merged[i - 1] !== h);
}

function entityTypes(entities: readonly EntityMention[]): Map<string, EntityMention['type']> {
  const out = new Map<string, EntityMention['type']>();
  for (const e of entities) out.set(e.id, e.type);
  return out;
}
