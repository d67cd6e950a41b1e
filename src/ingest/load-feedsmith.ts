/**
 * feedsmith, loaded on first use (the CLI's start-up must not pay for it), with one cost of its XML
 * parser removed.
 *
 * fast-xml-parser (5.11) builds a fresh OrderedObjParser for every document, and that constructor
 * compiles every stop-node pattern string into a path-expression-matcher Expression and indexes
 * them all into a new ExpressionSet. feedsmith passes about 425 stop nodes (one per namespaced
 * element whose content it keeps raw), so each feed paid 0.3–1 ms before reading a byte: more than
 * rss-parser takes to parse a small feed whole. The patterns never change between documents, so:
 * - each parser's stop-node strings are compiled once, on its first parse, into the Expressions
 *   the constructor would have made from them (it takes Expression objects as they are);
 * - a sealed ExpressionSet built from the same Expressions in the same order is shared.
 * Expressions and sealed sets are never modified after construction (add() on a sealed set throws),
 * so sharing them changes no result. Nothing is patched unless a probe parse shows stop nodes still
 * work through the patched path; parsing is then only slower.
 */
type Feedsmith = typeof import('feedsmith');

let loading: Promise<Feedsmith> | null = null;
let shared = false;

/** Whether the stop-node compilation is shared (false: the library's internals were not as expected). */
export const stopNodesShared = (): boolean => shared;

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

async function shareStopNodeIndexes(): Promise<void> {
  let pem: Record<string, unknown>;
  let fxp: Record<string, unknown>;
  try {
    pem = (await import('path-expression-matcher')) as unknown as Record<string, unknown>;
    fxp = (await import('fast-xml-parser')) as unknown as Record<string, unknown>;
  } catch {
    return;
  }
  const XMLParser = fxp.XMLParser as (new (options: object) => ParserLike) & { prototype: Record<string, unknown> } | undefined;
  if (typeof XMLParser?.prototype.parse !== 'function') return;
  const Expression = pem.Expression as (new (pattern: string) => ExpressionLike) & { prototype: Record<string, unknown> } | undefined;
  const ExpressionSet = pem.ExpressionSet as (new () => SetInternals) & { prototype: Record<string, unknown> } | undefined;
  if (!Expression || !ExpressionSet) return;
  const ep = Expression.prototype;
  const sp = ExpressionSet.prototype;
  // Already done (by another copy of this module, as in a test runner that reloads modules).
  if (ep.__cyberpolicyShared) {
    shared = true;
    return;
  }
  // Only the version whose internals this relies on (path-expression-matcher 1.6.x).
  const probe = new ExpressionSet();
  const expected = [...INDEX_FIELDS, '_sealed'].sort().join();
  if (Object.keys(probe).sort().join() !== expected) return;
  for (const m of ['add', 'seal', 'has', 'findMatch']) if (typeof sp[m] !== 'function') return;
  if (!Object.getOwnPropertyDescriptor(sp, 'size')?.get) return;

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

  // Stop-node strings to Expressions, once per parser (options are built in its constructor).
  const xp = XMLParser.prototype;
  const parseXml = xp.parse as (this: ParserLike, ...args: unknown[]) => unknown;
  const compiled = new WeakSet<object>();
  xp.parse = function (this: ParserLike, ...args: unknown[]): unknown {
    const options = this.options;
    if (options && !compiled.has(options)) {
      compiled.add(options);
      if (Array.isArray(options.stopNodes)) options.stopNodes = options.stopNodes.map((n) => (typeof n === 'string' ? new Expression(n) : n));
    }
    return parseXml.apply(this, args);
  };

  // The probe: a stop node's content must stay raw, twice (fresh index, then shared index).
  let works = false;
  try {
    const probeParser = new XMLParser({ stopNodes: ['*.x', 'r.y'] });
    works = [0, 1].every(() => {
      const out = probeParser.parse('<r><x><b>1</b></x><y><i>2</i></y></r>') as { r?: { x?: unknown; y?: unknown } };
      return out.r?.x === '<b>1</b>' && out.r?.y === '<i>2</i>';
    });
  } catch {
    works = false;
  }
  if (!works) {
    // Put everything back: the library's own path is slower but known to be right.
    xp.parse = parseXml;
    sp.add = add;
    sp.seal = seal;
    sp.has = has;
    sp.findMatch = findMatch;
    Object.defineProperty(sp, 'size', { configurable: true, get: size });
    ep.__cyberpolicyShared = false;
  }
  shared = works;
}

interface ParserLike {
  options?: { stopNodes?: unknown[] };
  parse(xml: string): unknown;
}

function sameExpressions(a: ExpressionLike[], b: ExpressionLike[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && (a[i]!.pattern !== b[i]!.pattern || a[i]!.separator !== b[i]!.separator)) return false;
  return true;
}
