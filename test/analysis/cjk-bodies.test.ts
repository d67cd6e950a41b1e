/**
 * Issue 13 (entity recall, zh/ja/ko): a place written as the first part of a body's name (美国商务部,
 * 日本政府, 한국 경찰청) makes one organisation, bounded by the body's head and by what cannot be
 * inside a name; common words that end like a head (公司, 当局, 北部, 签署) make none.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hanBodyEnd, hangulBodyLength } from '../../src/analysis/cjk-bodies.js';
import { extractEntities } from '../../src/analysis/entity-extractor.js';
import { loadGazetteer, type Gazetteer } from '../../src/analysis/entity-gazetteer.js';

let gazetteer: Gazetteer;

beforeAll(() => {
  gazetteer = loadGazetteer();
});

const all = (text: string, lang: string) => extractEntities({ title: '', content: text, lang }, gazetteer).map((e) => `${e.type}:${e.surface}`);

describe('place + body in Chinese', () => {
  it('takes the place and the body to its last head, and stops at function words', () => {
    expect(all('美国商务部周二宣布新的出口限制。', 'zh')).toEqual(['organization:美国商务部']);
    expect(all('澳大利亚信号局和网络安全管理局发布联合警告。', 'zh')).toEqual(['organization:澳大利亚信号局', 'organization:网络安全管理局']);
    expect(all('芬兰交通和通信局表示，海底电缆受损。', 'zh')).toEqual(['organization:芬兰交通和通信局']);
    expect(all('德国高等法院上诉法庭驳回了申请。', 'zh')).toEqual(['organization:德国高等法院上诉法庭']);
  });

  it('keeps the gazetteer id of a body named after its place, not of a body another country owns', () => {
    const fbi = extractEntities({ title: '', content: '美国联邦调查局发布通报。', lang: 'zh' }, gazetteer);
    expect(fbi.map((e) => [e.id, e.surface])).toEqual([['fbi', '美国联邦调查局']]);
    const mfa = extractEntities({ title: '', content: '英国外交部召见俄罗斯大使。', lang: 'zh' }, gazetteer);
    expect(mfa.map((e) => [e.id, e.surface])[0]).toEqual(['x:英国外交部', '英国外交部']);
  });

  it('makes no body of common words, lists of places or another place after a verb', () => {
    expect(all('多家美国公司受到影响。', 'zh')).toEqual(['place:美国']);
    expect(all('法国当局正在调查。', 'zh')).toEqual(['place:法国']);
    expect(all('英国签署了协议。', 'zh')).toEqual(['place:英国']);
    expect(all('英国指控俄罗斯联邦安全局发动攻击。', 'zh')).toEqual(['place:英国', 'organization:俄罗斯联邦安全局']);
    expect(all('这是德国首部专门法律。', 'zh')).toEqual(['place:德国']);
  });
});

describe('place + body in Japanese and Korean', () => {
  it('reads Japanese up to the particle', () => {
    expect(all('日本政府は対策を発表した。', 'ja')).toEqual(['organization:日本政府']);
    expect(all('フランス国防省によると、攻撃は続いた。', 'ja')).toEqual(['organization:フランス国防省']);
    // 系: "linked to", an adjective of the place.
    expect(all('中国政府系のグループが関与した。', 'ja')).not.toContain('organization:中国政府');
  });

  it('takes a Korean body word without its particle, but not after a list of places', () => {
    expect(all('한국 경찰청은 수사를 시작했다.', 'ko')).toEqual(['organization:한국 경찰청']);
    expect(all('영국, 호주, 일본 정부도 지지했다.', 'ko')).toEqual(['place:영국', 'place:호주', 'place:일본']);
  });

  it('bounds a body by its head', () => {
    expect(hanBodyEnd('国防部长表示', 0, 'zh')).toBe(-1);
    expect(hanBodyEnd('国防部发言人表示', 0, 'zh')).toBe(3);
    expect(hangulBodyLength('정부는')).toBe(2);
    expect(hangulBodyLength('일부')).toBe(0);
  });
});
