/**
 * RSS whose every element carries a namespace prefix (`<r:rss xmlns:r="…rss2"><r:channel>…`).
 * feedparser reads it as RSS; feedsmith looks for `<rss>` and refuses it. Such a document is read
 * with that prefix dropped from element names (attributes and other prefixes are left alone).
 */
export function unprefixRss(xml: string): string {
  const root = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>)*<([\w.-]+):rss[\s>]/.exec(xml.slice(0, 65_536));
  if (!root) return xml;
  const prefix = root[1]!.replace(/[.-]/g, '\\$&');
  return xml.replace(new RegExp(`<(/?)${prefix}:(?=[\\w.-]+[\\s/>])`, 'g'), '<$1');
}
