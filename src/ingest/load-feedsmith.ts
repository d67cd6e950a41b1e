/**
 * feedsmith, loaded on first use (the CLI's start-up must not pay for it), with one cost of its XML
 * parser removed.
 *
 * fast-xml-parser (5.11) builds a fresh OrderedObjParser for every document, and that constructor
 * compiles every stop-node pattern into a path-expression-matcher Expression and indexes them all
 * into a new ExpressionSet. feedsmith passes about 425 stop nodes (one per namespaced element whose
 * content it keeps raw), so each feed paid ~0.3–1 ms before reading a byte: more than rss-parser
 * takes to parse a small feed whole. The patterns never change between documents, so here the
 * parsed segments of each pattern and each complete, sealed index are built once and shared.
 * Expressions and sealed sets are never modified after construction (add() on a sealed set throws),
 * so sharing them changes no result. If the library's internals are not the ones this was written
 * against, nothing is patched: parsing is then only slower.
 */
type Feedsmith = typeof import('feedsmith');

let loading: Promise<Feedsmith> | null = null;

export function loadFeedsmith(): Promise<Feedsmith> {
  loading ??= (async () => {
    await shareStopNodeIndexes();
    return import('feedsmith');
  })();
  return loading;
}

interface ExpressionLike {
  pattern: string;
  separator: string;
  data?: unknown;
}
type Segments = unknown[];
interface SetInternals {
  _byDepthAndTag: unknown;
  _wildcardByDepth: unknown;
  _deepWildcards: unknown;
  _deepByTerminalTag: unknown;
  _patterns: unknown;
  _sealed: boolean;
  /** Added here: expressions queued by add() until seal() (or any read) indexes them. */
  _queued?: ExpressionLike[];
}
const INDEX_FIELDS = ['_byDepthAndTag', '_wildcardByDepth', '_deepWildcards', '_deepByTerminalTag', '_patterns'] as const;
const MAX_CACHED = 4096;

async function shareStopNodeIndexes(): Promise<void> {
  let pem: Record<string, unknown>;
  try {
    pem = (await import('path-expression-matcher')) as unknown as Record<string, unknown>;
  } catch {
    return;
  }
  const Expression = pem.Expression as { prototype: Record<string, unknown> } | undefined;
  const ExpressionSet = pem.ExpressionSet as (new () => SetInternals) & { prototype: Record<string, unknown> } | undefined;
  if (!Expression || !ExpressionSet) return;
  const ep = Expression.prototype;
  const sp = ExpressionSet.prototype;
  if (ep.__cyberpolicyShared) return;
  // Only the version whose internals this relies on (path-expression-matcher 1.6.x).
  const probe = new ExpressionSet();
  const expected = [...INDEX_FIELDS, '_sealed'].sort().join();
  if (Object.keys(probe).sort().join() !== expected) return;
  for (const m of ['_parse', 'add', 'seal', 'has', 'findMatch']) if (typeof (m === '_parse' ? ep : sp)[m] !== 'function') return;
  if (!Object.getOwnPropertyDescriptor(sp, 'size')?.get) return;

  const parse = ep._parse as (this: ExpressionLike, pattern: string) => Segments;
  // By separator, then pattern: the pattern strings are the same objects on every parse, so the
  // lookup hashes nothing new.
  const segmentsOf = new Map<string, Map<string, Segments>>();
  let cached = 0;
  ep._parse = function (this: ExpressionLike, pattern: string): Segments {
    let bySeparator = segmentsOf.get(this.separator);
    if (!bySeparator) segmentsOf.set(this.separator, (bySeparator = new Map()));
    let segments = bySeparator.get(pattern);
    if (!segments) {
      segments = parse.call(this, pattern);
      if (cached++ < MAX_CACHED) bySeparator.set(pattern, segments);
    }
    return segments;
  };

  const add = sp.add as (this: SetInternals, e: ExpressionLike) => SetInternals;
  const seal = sp.seal as (this: SetInternals) => SetInternals;
  const has = sp.has as (this: SetInternals, e: ExpressionLike) => boolean;
  const findMatch = sp.findMatch as (this: SetInternals, m: unknown) => unknown;
  const size = Object.getOwnPropertyDescriptor(sp, 'size')!.get as (this: SetInternals) => number;
  // By number of expressions: the sets built so far, with the expressions they were built from.
  const sealedSets = new Map<number, { expressions: ExpressionLike[]; set: SetInternals }[]>();

  const flush = (set: SetInternals): void => {
    const queued = set._queued;
    if (!queued) return;
    set._queued = undefined;
    for (const e of queued) add.call(set, e);
  };
  sp.add = function (this: SetInternals, expression: ExpressionLike): SetInternals {
    if (this._sealed) return add.call(this, expression);
    (this._queued ??= []).push(expression);
    return this;
  };
  sp.seal = function (this: SetInternals): SetInternals {
    const queued = this._queued;
    if (!queued || this._sealed || queued.some((e) => e.data !== undefined)) {
      flush(this);
      return seal.call(this);
    }
    const candidates = sealedSets.get(queued.length) ?? [];
    const built = candidates.find((c) => sameExpressions(c.expressions, queued));
    if (built) {
      this._queued = undefined;
      for (const f of INDEX_FIELDS) (this as unknown as Record<string, unknown>)[f] = built.set[f];
      return seal.call(this);
    }
    flush(this);
    seal.call(this);
    if (candidates.length < 8) sealedSets.set(queued.length, [...candidates, { expressions: queued, set: this }]);
    return this;
  };
  sp.has = function (this: SetInternals, e: ExpressionLike): boolean {
    flush(this);
    return has.call(this, e);
  };
  sp.findMatch = function (this: SetInternals, m: unknown): unknown {
    flush(this);
    return findMatch.call(this, m);
  };
  Object.defineProperty(sp, 'size', {
    configurable: true,
    get(this: SetInternals) {
      flush(this);
      return size.call(this);
    },
  });
  ep.__cyberpolicyShared = true;
}

function sameExpressions(a: ExpressionLike[], b: ExpressionLike[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.pattern !== b[i]!.pattern || a[i]!.separator !== b[i]!.separator) return false;
  return true;
}
