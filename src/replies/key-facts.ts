import { formatDate, languageName, listSeparator, localeOf } from '../i18n/intl-format.js';
import type { EntityNames } from '../i18n/entity-names.js';
import { statedAmounts, type StatedAmount } from '../i18n/stated-numbers.js';
import { t } from '../i18n/t.js';
import { dateSource, type ViewItem } from '../items/item.js';
import { numberFormat } from '../i18n/intl-cache.js';

/**
 * The key facts of a foreign item, in the channel's language, taken only from its analysis: its
 * language, its topics' names, its entities' names, its date and the amounts its summary states.
 * Nothing is translated or invented; every part can be traced back to the item (see the test).
 */
export interface KeyFacts {
  /** The item's language (ISO 639-1). */
  lang: string;
  topics: string[];
  /** Entity ids of the item's analysis with their names in the channel's language. */
  entities: { id: string; name: string }[];
  /** The item's publication date, or null when it has none. */
  published: Date | null;
  /** True when that date was read from the item's text (the line says so). */
  dateFromText?: boolean;
  amounts: StatedAmount[];
}

const MAX_TOPICS = 3;
const MAX_ENTITIES = 5;
const MAX_AMOUNTS = 3;

// The script a channel's language is written in: unknown names (no gazetteer entry) are only shown
// when the reader can read them as written.
const SCRIPT_OF_LANG: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  ru: /\p{Script=Cyrillic}/u,
  uk: /\p{Script=Cyrillic}/u,
  zh: /\p{Script=Han}/u,
};
const LATIN = /\p{Script=Latin}/u;

export function keyFactsOf(item: ViewItem, topicNames: readonly string[], uiLang: string, entityNames: EntityNames): KeyFacts {
  const script = SCRIPT_OF_LANG[uiLang] ?? LATIN;
  const entities: { id: string; name: string }[] = [];
  const seen = new Set<string>();
  // "Paris Call" the initiative is already said by the topic "Paris Call for Trust and Security in Cyberspace".
  const topicText = topicNames.slice(0, MAX_TOPICS).map(fold).join('\n');
  for (const mention of item.analysis.entities) {
    if (entities.length >= MAX_ENTITIES || seen.has(mention.id)) continue;
    const unknown = mention.type === 'unknown' || mention.id.startsWith('x:');
    const name = unknown ? (script.test(mention.surface) ? mention.surface : null) : (entityNames.nameOf(mention.id, uiLang) ?? mention.name);
    if (!name || seen.has(`name:${name}`) || topicText.includes(fold(name))) continue;
    seen.add(mention.id);
    seen.add(`name:${name}`);
    entities.push({ id: mention.id, name });
  }
  return {
    lang: item.analysis.lang,
    topics: topicNames.slice(0, MAX_TOPICS),
    entities,
    published: item.published,
    dateFromText: dateSource(item) === 'text',
    amounts: item.analysis.summary.flatMap((sentence) => statedAmounts(sentence)).slice(0, MAX_AMOUNTS),
  };
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** "From Arabic · Paris Call · Kaspersky, Emmanuel Macron, UNESCO · 12 Nov 2018 (date from text)". */
export function keyFactsLine(facts: KeyFacts, uiLang: string): string {
  const sep = listSeparator(uiLang);
  return [
    t(uiLang, 'facts.from', { language: languageName(uiLang, facts.lang) }),
    facts.topics.join(sep),
    facts.entities.map((e) => e.name).join(sep),
    facts.published ? `${formatDate(uiLang, facts.published)}${facts.dateFromText ? ` (${t(uiLang, 'story.dateFromText')})` : ''}` : '',
    facts.amounts.map((a) => formatAmount(uiLang, a)).join(sep),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** An amount in the channel's language: "€3m", "3 Mio. €", "40.5%", "1.5 billion". */
export function formatAmount(uiLang: string, amount: StatedAmount): string {
  const locale = localeOf(uiLang);
  const digits = { minimumFractionDigits: 0, maximumFractionDigits: 2 };
  if (amount.unit === 'percent') return numberFormat(locale, { style: 'percent', ...digits }).format(amount.number / 100);
  const value = amount.number * amount.multiplier;
  const large = amount.multiplier >= 1e6;
  if (amount.unit) return numberFormat(locale, { style: 'currency', currency: amount.unit, ...digits, ...(large ? { notation: 'compact' } : {}) }).format(value);
  return numberFormat(locale, { ...digits, ...(large ? { notation: 'compact', compactDisplay: 'long' } : {}) }).format(value);
}
