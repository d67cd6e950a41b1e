/**
 * Scanned form of a text, cached for the last few texts: the analyzer runs topic matching and
 * entity extraction on the same title and content, and scanning is the costly part of both.
 */
import { contentTokens } from './phrase-index.js';
import { scanText, type ScannedToken } from './text-scanner.js';

export interface PreparedText {
  text: string;
  tokens: ScannedToken[];
  /** Tokens without stop words: what phrases are matched against. */
  content: ScannedToken[];
}

const RECENT = 4;
const recent: PreparedText[] = [];

export function prepareText(text: string): PreparedText {
  for (const p of recent) if (p.text === text) return p;
  const tokens = scanText(text);
  const prepared = { text, tokens, content: contentTokens(tokens) };
  recent.unshift(prepared);
  if (recent.length > RECENT) recent.pop();
  return prepared;
}
