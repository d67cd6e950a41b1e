/**
 * Loads digests/topics.json, validates it, and compiles every topic's names, aliases, key
 * phrases and negative cues into one phrase index (one scan per item matches all topics).
 */
import { InputError } from '../errors.js';
import { readJsonFile } from '../data-file.js';
import { fromRoot } from '../package-root.js';
import { PhraseIndex } from './phrase-index.js';
import { TaxonomySchema, TopicConceptsSchema, type TaxonomyFile, type TopicConceptsFile, type Topic } from './taxonomy.js';

export type TopicCueKind = 'name' | 'alias' | 'contextualAlias' | 'keyPhrase' | 'negative' | 'context' | 'concept';

export interface TopicCue {
  /** Index into `Taxonomy.topics`; -1 for cyber-context words and concepts, which belong to no topic. */
  topic: number;
  kind: TopicCueKind;
  /** For a concept: its index into `Taxonomy.concepts`. */
  concept?: number;
}

const CONTEXT_CUE: TopicCue = { topic: -1, kind: 'context' };

export interface Taxonomy {
  version: number;
  topics: Topic[];
  bySlug: Map<string, Topic>;
  /** All cues of all topics, compiled. */
  index: PhraseIndex<TopicCue>;
  /** Entity id -> indices of the topics that list it as a key entity. */
  keyEntities: Map<string, number[]>;
  /** Concept ids (digests/topic-concepts.json), matched in the same pass as the cues. */
  concepts: string[];
}

export function defaultTaxonomyPath(): string {
  return fromRoot('digests', 'topics.json');
}

export function defaultConceptsPath(): string {
  return fromRoot('digests', 'topic-concepts.json');
}

/**
 * Read, validate and compile a taxonomy file (default digests/topics.json) with its concepts
 * (digests/topic-concepts.json with the default taxonomy; none for another unless named).
 */
export function loadTaxonomy(path: string = defaultTaxonomyPath(), conceptsPath: string | null = path === defaultTaxonomyPath() ? defaultConceptsPath() : null): Taxonomy {
  const file = readJsonFile(path, 'topic taxonomy', TaxonomySchema);
  const concepts = conceptsPath === null ? null : readJsonFile(conceptsPath, 'topic concepts', TopicConceptsSchema);
  return compileTaxonomy(file, path, concepts);
}

/** Compile an already validated taxonomy (tests build small ones in memory). */
export function compileTaxonomy(file: TaxonomyFile, where = 'taxonomy', conceptsFile: TopicConceptsFile | null = null): Taxonomy {
  const index = new PhraseIndex<TopicCue>();
  const bySlug = new Map<string, Topic>();
  const keyEntities = new Map<string, number[]>();
  file.topics.forEach((topic, i) => {
    if (bySlug.has(topic.slug)) throw new InputError(where, `topic "${topic.slug}" is defined twice`);
    bySlug.set(topic.slug, topic);
    // One cue object per kind, shared by its patterns (identity is what dedupes matches).
    const cues: Record<Exclude<TopicCueKind, 'concept'>, TopicCue> = {
      name: { topic: i, kind: 'name' },
      alias: { topic: i, kind: 'alias' },
      contextualAlias: { topic: i, kind: 'contextualAlias' },
      keyPhrase: { topic: i, kind: 'keyPhrase' },
      negative: { topic: i, kind: 'negative' },
      context: CONTEXT_CUE,
    };
    const add = (phrase: string, lang: string, kind: Exclude<TopicCueKind, 'concept'>) => index.add(phrase, lang, cues[kind], `${topic.slug}/${kind}`);
    for (const [lang, name] of Object.entries(topic.names)) add(name, lang, 'name');
    for (const [lang, list] of Object.entries(topic.aliases)) for (const a of list) add(a, lang, 'alias');
    for (const [lang, list] of Object.entries(topic.contextualAliases)) for (const a of list) add(a, lang, 'contextualAlias');
    for (const [lang, list] of Object.entries(topic.keyPhrases)) for (const a of list) add(a, lang, 'keyPhrase');
    for (const [lang, list] of Object.entries(topic.negativeCues)) for (const a of list) add(a, lang, 'negative');
    for (const id of topic.keyEntities) {
      const list = keyEntities.get(id);
      if (list) list.push(i);
      else keyEntities.set(id, [i]);
    }
  });
  for (const [lang, list] of Object.entries(file.cyberContext)) for (const w of list) index.add(w, lang, CONTEXT_CUE, 'cyber-context');
  const concepts = Object.keys(conceptsFile?.concepts ?? {});
  concepts.forEach((id, c) => {
    const cue: TopicCue = { topic: -1, kind: 'concept', concept: c };
    for (const [lang, list] of Object.entries(conceptsFile!.concepts[id]!)) for (const w of list) index.add(w, lang, cue, `concept/${id}`);
  });
  return { version: file.version, topics: file.topics, bySlug, index, keyEntities, concepts };
}
