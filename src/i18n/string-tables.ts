import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fromRoot } from '../package-root.js';

/**
 * The bot's own words, one JSON file per language in digests/strings/ (`en.json` is the source of
 * keys). A file may only hold keys English has, each with the same `{param}`s; a missing key falls
 * back to English at run time (test/i18n checks that every shipped file has every key).
 */
export type StringTable = Readonly<Record<string, string>>;

export interface StringTables {
  /** Language code -> table; always has 'en'. */
  tables: ReadonlyMap<string, StringTable>;
  /** Codes of the shipped languages, English first, then alphabetical. */
  languages: readonly string[];
}

const TableSchema = z.record(z.string().regex(/^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/, 'keys look like "area.name"'), z.string().min(1).max(2000));
const LANG_FILE = /^([a-z]{2,3})\.json$/;

export function defaultStringsDir(): string {
  return fromRoot('digests', 'strings');
}

/** Reads and validates every `<lang>.json` in `dir`; errors name the file and the key. */
export function loadStringTables(dir: string = defaultStringsDir()): StringTables {
  const files = readdirSync(dir).filter((f) => LANG_FILE.test(f));
  if (!files.includes('en.json')) throw new InputError(dir, 'en.json (the source of string keys) is missing');
  const en = readTable(join(dir, 'en.json'));
  const tables = new Map<string, StringTable>([['en', en]]);
  for (const file of files) {
    if (file === 'en.json') continue;
    const path = join(dir, file);
    const table = readTable(path);
    for (const [key, text] of Object.entries(table)) {
      const source = en[key];
      if (source === undefined) throw new InputError(`${path}: ${key}`, 'key does not exist in en.json');
      if (paramsOf(text) !== paramsOf(source)) {
        throw new InputError(`${path}: ${key}`, `parameters ${paramsOf(text) || '(none)'} differ from English ${paramsOf(source) || '(none)'}`);
      }
    }
    tables.set(LANG_FILE.exec(basename(file))![1]!, table);
  }
  const languages = ['en', ...[...tables.keys()].filter((l) => l !== 'en').sort()];
  return { tables, languages };
}

function readTable(path: string): StringTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, `cannot read strings: ${(err as Error).message}`, { cause: err });
  }
  const parsed = TableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`${path}: ${issue.path.join('.') || '(root)'}`, issue.message);
  }
  return Object.freeze(parsed.data);
}

/** The sorted, distinct `{param}` names of a template, as one string for comparison. */
export function paramsOf(template: string): string {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort().join(',');
}
