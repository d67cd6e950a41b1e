/**
 * Canonical form of an item URL, so the same article reached through a newsletter, a social share
 * or a feed maps to one id: tracking parameters and fragments go, the host is lower-cased,
 * default ports and empty queries are dropped, every other parameter is kept in its order.
 */

// Exact parameter names added by trackers and mailers; `utm_*` and a few prefixes are matched below.
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid',
  'mc_cid', 'mc_eid', 'mkt_tok', '_hsenc', '_hsmi', 'hsctatracking', 'oly_anon_id', 'oly_enc_id',
  'vero_id', 'vero_conv', 'wickedid', 'rb_clickid', 's_cid', 'sr_share', 'ref_src', '_ga', '_gl',
  'wt.mc_id', 'at_medium', 'at_campaign', 'xtor', 'trkcampaign', 'soc_src', 'soc_trk',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'piwik_', 'matomo_', 'mtm_', 'hmb_', 'vgo_ee'];

export function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((p) => lower.startsWith(p));
}

/**
 * Resolves `raw` against `base` (xml:base, the feed URL) and canonicalises it.
 * Returns null for anything that is not an absolute http(s) URL once resolved.
 */
export function canonicalUrl(raw: string | null | undefined, base?: string | null): string | null {
  // An import asks twice in a row for the same link (the item's link, then its guid for the id).
  if (raw === last.raw && (base ?? null) === last.base) return last.out;
  const out = canonicalise(raw, base);
  last = { raw, base: base ?? null, out };
  return out;
}

let last: { raw: string | null | undefined; base: string | null; out: string | null } = { raw: null, base: null, out: null };

function canonicalise(raw: string | null | undefined, base?: string | null): string | null {
  const text = raw?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = base ? new URL(text, safeBase(base)) : new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // Each setter re-serialises the URL: only touch what needs changing (most feed links need nothing).
  if (url.href.includes('#')) url.hash = '';
  if (url.username) url.username = '';
  if (url.password) url.password = '';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host !== url.hostname) url.hostname = host;
  // URL already drops default ports (:80 on http, :443 on https).
  if (url.search) {
    const params = [...url.searchParams];
    const kept = params.filter(([name]) => !isTrackingParam(name));
    if (kept.length !== params.length) url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  let out = url.toString();
  if (out.endsWith('?')) out = out.slice(0, -1);
  return out;
}

function safeBase(base: string): string | undefined {
  try {
    return new URL(base).toString();
  } catch {
    return undefined;
  }
}
