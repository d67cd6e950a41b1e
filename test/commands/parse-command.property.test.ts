import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.js';
import { stringTables } from '../../src/i18n/t.js';
import { FUZZ_RUNS, hostileString } from '../replies/hostile-strings.js';

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

describe('parser properties', () => {
  it(`never throws and always gives a typed command or a typed error (${FUZZ_RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const result = parseCommand(text);
        if (result.ok) {
          expect(typeof result.command.name).toBe('string');
          // Normalised: no invisible marks reach command arguments.
          expect(INVISIBLE.test(JSON.stringify(result.command))).toBe(false);
          if (result.command.name === 'topic') expect(result.command.words.length).toBeLessThanOrEqual(200);
        } else {
          expect(stringTables().tables.get('en')![result.error.message.key]).toBeTypeOf('string');
          expect(result.error.candidates?.length ?? 0).toBeLessThanOrEqual(3);
          // Errors quote at most a short piece of the input back.
          for (const value of Object.values(result.error.message.params ?? {})) expect(String(value).length).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it('is deterministic and unaffected by invisible marks around keywords', () => {
    fc.assert(
      fc.property(fc.constantFrom('list', 'topics', 'digest', 'schedule off', 'unsubscribe all'), fc.constantFrom('\u200B', '\u200F', '\u202B', '\uFEFF', ' ', '\u00A0'), (command, mark) => {
        expect(parseCommand(`${mark}${command}${mark}`)).toEqual(parseCommand(command));
      }),
    );
  });
});
