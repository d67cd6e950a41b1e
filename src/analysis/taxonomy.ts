import { z } from 'zod';

/** Languages every topic names itself in (more are welcome). */
export const TAXONOMY_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'ru', 'uk', 'ar', 'zh', 'lt', 'pl'] as const;

/** One topic of digests/topics.json, validated on load. */
export const TopicSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** Display name per language; `en` is required. */
  names: z.record(z.string(), z.string().min(1)).refine((n) => 'en' in n, 'an English name is required'),
  /** Other names and spellings per language, matched like names. */
  aliases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /**
   * Names that are only this topic in a cyber context ("supply chain" of software, not of apples):
   * weighted like aliases when the item shows cyber context (see `cyberContext`), ignored otherwise.
   */
  contextualAliases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Phrases that make the topic likely (weaker than a name), per language; they too need cyber context. */
  keyPhrases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Canonical entity ids (digests/entities.json) that point to this topic. */
  keyEntities: z.array(z.string()).default([]),
  /** Phrases that, when present, cancel a name match (e.g. "Christchurch Call" for paris-call). */
  negativeCues: z.record(z.string(), z.array(z.string().min(1))).default({}),
  description: z.string().default(''),
  /**
   * An institution or initiative (Council of Europe, Paris Call, UN processes): when the item is
   * about it, it is the main topic and the subject matter follows.
   */
  institution: z.boolean().default(false),
});

export type Topic = z.infer<typeof TopicSchema>;

export const TaxonomySchema = z.object({
  version: z.number().int(),
  /** Words that show an item is about cyber/digital matters, per language (gates contextual cues). */
  cyberContext: z.record(z.string(), z.array(z.string().min(1))).default({}),
  topics: z.array(TopicSchema).min(1),
});
export type TaxonomyFile = z.infer<typeof TaxonomySchema>;

/**
 * digests/topic-concepts.json: general words of the domains items talk about, per language (a fine,
 * a hospital, an election, a phone's battery). Each concept is one language-independent feature of
 * the topic model; the rules do not use them.
 */
export const TopicConceptsSchema = z.object({
  version: z.number().int(),
  description: z.string().default(''),
  concepts: z.record(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), z.record(z.string(), z.array(z.string().min(1)))),
});
export type TopicConceptsFile = z.infer<typeof TopicConceptsSchema>;
