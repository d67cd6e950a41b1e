/**
 * Intl formatters, made once per locale and options and then shared. A new Intl.DateTimeFormat
 * costs ~0.3 ms and ~25 KB of ICU memory outside V8's heap, which V8 does not count, so it frees
 * them only when a major GC happens to run: 60,000 date formats in a loop held 1.4 GB of native
 * memory (bench/README.md, Memory). A reply formats a date per story, so `serve` made thousands.
 * Formatters are stateless: a shared one formats exactly as a new one would.
 */

/** Distinct formatters kept (languages × option sets × the channels' time zones); past it, all are dropped. */
const MAX_ENTRIES = 500;

type Ctor<F, O> = new (locales: string | string[], options?: O) => F;

const caches = new Map<unknown, Map<string, unknown>>();

function shared<F, O>(ctor: Ctor<F, O>, locale: string, options: O | undefined): F {
  let byKey = caches.get(ctor) as Map<string, F> | undefined;
  if (!byKey) caches.set(ctor, (byKey = new Map()));
  const key = options === undefined ? locale : `${locale}\u0000${JSON.stringify(options)}`;
  let formatter = byKey.get(key);
  if (formatter === undefined) {
    // An invalid time zone or currency throws here, as `new` does, and nothing is kept.
    formatter = new ctor(locale, options);
    if (byKey.size >= MAX_ENTRIES) byKey.clear();
    byKey.set(key, formatter);
  }
  return formatter;
}

export function dateTimeFormat(locale: string, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return shared(Intl.DateTimeFormat, locale, options);
}

export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  return shared(Intl.NumberFormat, locale, options);
}

export function listFormat(locale: string, options?: Intl.ListFormatOptions): Intl.ListFormat {
  return shared(Intl.ListFormat, locale, options);
}

export function displayNames(locale: string, options: Intl.DisplayNamesOptions): Intl.DisplayNames {
  return shared(Intl.DisplayNames as Ctor<Intl.DisplayNames, Intl.DisplayNamesOptions>, locale, options);
}
