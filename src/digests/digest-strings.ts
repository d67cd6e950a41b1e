/**
 * Fixed strings of digests, by UI language (English fallback), like src/replies/ui-strings.ts.
 * Kept here so the digest module owns its wording; `{name}` marks a parameter.
 */
const en = {
  header: 'Cyber-policy digest · {from} – {to}',
  fallback: 'Cyber-policy digest: {count} stories on {topics}',
  fallbackOne: 'Cyber-policy digest: 1 story on {topics}',
  topic: '{topic}',
  more: 'and {count} more on {topic}: send `{command}`',
  empty: 'No new cyber-policy stories on this channel\'s topics since {from}.',
  previewNothing: 'Nothing new on this channel\'s topics since {from}. New stories will go into the next digest.',
  previewNoTopics: 'This channel follows no topics yet, so there is no digest. Try `subscribe paris-call`.',
  previewNote: 'Preview: only you can see this. `digest post` posts it to the channel.',
} as const;

export type DigestStringKey = keyof typeof en;

export const DIGEST_STRINGS: Record<string, Partial<Record<DigestStringKey, string>>> = { en };

export function dt(lang: string, key: DigestStringKey, params: Record<string, string | number> = {}): string {
  const template = DIGEST_STRINGS[lang]?.[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
