import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { leadOf, packItemBody, readStoredBody, readStoredHead, type ItemBody } from '../../src/store/item-body.js';

/** The head part of a body the long way: the whole body unpacked, as heads were read before. */
function headTheLongWay(base64: string) {
  const body = readStoredBody(base64)!;
  return { summary: body.summary, entities: body.entities, lead: body.summary.length === 0 ? leadOf(body.content) : null };
}

const entity = { id: 'org:x"\\y', name: 'X "quoted"', type: 'organization' as const, surface: 'كاسبرسكي \\' };
const contents = [
  '',
  'plain',
  'a "quoted" word',
  'ends in a backslash \\',
  'escaped \\" quote and \\\\" two',
  '"',
  '\\',
  'ランサムウェア "攻撃" \\ 𝒳',
  `${'𝒳 long lead '.repeat(300)}end`,
  'control \u0000 \n \t characters',
];

describe('readStoredHead', () => {
  it('reads what unpacking the whole body gives a head, without the content unless there is no summary', () => {
    for (const content of contents) {
      for (const summary of [[], ['One "sentence".', 'Two \\ 𝒳.']]) {
        const body: ItemBody = { content, summary, entities: [entity] };
        const stored = packItemBody(body).toString('base64');
        expect(readStoredHead(stored), JSON.stringify(content)).toEqual(headTheLongWay(stored));
      }
    }
  });

  it('is null for a row stored before bodies, and refuses a body it does not know', () => {
    expect(readStoredHead(null)).toBeNull();
    const other = deflateRawSync(Buffer.from(JSON.stringify([2, 'c', [], []]))).toString('base64');
    expect(() => readStoredHead(other)).toThrow(/unknown item body/);
  });
});
