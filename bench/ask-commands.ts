/**
 * The commands the ask, serve and RSS parts send: every topic by its slug (the `paris-call` kind of
 * command), a few by their local names, and `search <word>` over entity names, policy words in several
 * languages and scripts, common and rare words.
 */
import { loadTaxonomy } from '../src/analysis/taxonomy-loader.js';

const SEARCH_WORDS = [
  'Kaspersky', 'ransomware', 'Macron', 'NATO', 'Europol', 'GDPR', 'Council of Europe', 'Paris Call',
  'Budapest Convention', 'spyware', 'Pegasus', 'election', 'encryption', 'sanctions', 'hospital',
  'AI Act', 'supply chain', 'Interpol', 'Ukraine', 'China', 'Jagland', 'Microsoft', 'outage', 'fine',
  'données', 'Datenschutz', 'ciberseguridad', 'sicurezza', 'segurança', 'кибербезопасность', 'кібератака',
  'kibernetinis', 'cyberbezpieczeństwo', 'الأمن السيبراني', 'كاسبرسكي', '网络安全', '勒索软件', 'ランサムウェア',
  'zzqx-nothing', 'cyber',
];

/** Topic commands: every slug, plus local names users type. */
export function topicCommands(): string[] {
  const slugs = loadTaxonomy().topics.map((t) => t.slug);
  return [...slugs, 'Appel de Paris', 'نداء باريس', 'Europarat', 'ransomware 30d'];
}

export function searchCommands(): string[] {
  return SEARCH_WORDS.map((w) => `search ${w}`);
}
