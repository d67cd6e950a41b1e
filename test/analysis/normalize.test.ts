import { describe, expect, it } from 'vitest';
import { arabicForms, foldWord, normalizeArabic, normalizeText, tokenize } from '../../src/analysis/normalize-text.js';
import { polishStem, stemWord } from '../../src/analysis/stemmer.js';
import { scanText } from '../../src/analysis/text-scanner.js';

describe('normalizeText', () => {
  it('applies NFKC, folds case and strips diacritics', () => {
    expect(normalizeText('ＰＡＲＩＳ Call — FInal  ÉTÉ', 'fr')).toBe('paris call — final ete');
    expect(normalizeText('Thorbjørn Jagland, Łódź, Straße, Telefónica', 'en')).toBe('thorbjorn jagland, lodz, strasse, telefonica');
    expect(normalizeText('Europos Tarybą', 'lt')).toBe('europos taryba');
    expect(normalizeText('Ёлка, йод, Київ', 'ru')).toBe('елка, иод, киів');
  });

  it('removes Arabic tashkeel and tatweel and unifies letter variants', () => {
    expect(normalizeText('الأمنُ الإلكترونـــي', 'ar')).toBe('الامن الالكتروني');
    expect(normalizeText('أإآٱ ى ة ؤ ئ', 'ar')).toBe('اااا ي ه و ي');
    expect(normalizeArabic('مُبَادَرَة')).toBe('مبادره');
  });
});

describe('foldWord and arabicForms', () => {
  it('folds words the same way whatever the script', () => {
    expect(foldWord('Strasbūre')).toBe('strasbure');
    expect(foldWord('КАСПЕРСКИЙ')).toBe('касперскии');
    expect(foldWord('إيمانويل')).toBe('ايمانويل');
  });

  it('peels Arabic clitic prefixes into candidate readings', () => {
    expect(arabicForms('والامن').sort()).toEqual(['امن', 'الامن', 'والامن'].sort());
    expect(arabicForms('للسلام')).toEqual(['للسلام', 'سلام']);
    expect(arabicForms('لليونسكو')).toEqual(['لليونسكو', 'يونسكو']);
    // A leading ب may belong to the word itself: both readings stay.
    expect(arabicForms('باريس')).toEqual(['باريس', 'اريس']);
    expect(arabicForms('بباريس')).toEqual(['بباريس', 'باريس']);
  });
});

describe('stemWord', () => {
  it('stems inflected forms of one word to one stem', () => {
    expect(stemWord('tarybos', 'lt')).toBe(stemWord('taryba', 'lt'));
    expect(stemWord('tarybą', 'lt')).toBe(stemWord('taryba', 'lt'));
    expect(stemWord('совета', 'ru')).toBe(stemWord('совет', 'ru'));
    expect(stemWord('europarats', 'de')).toBe(stemWord('europarat', 'de'));
    expect(stemWord('rady', 'pl')).toBe(stemWord('rada', 'pl'));
    expect(stemWord('attacks', 'en')).toBe(stemWord('attack', 'en'));
  });

  it('uses the script when the language has no stemmer for it', () => {
    // A Russian word in an item tagged English is still stemmed as Russian.
    expect(stemWord('европы', 'en')).toBe(stemWord('европа', 'ru'));
    expect(polishStem('cyberprzestępczości')).toBe('cyberprzestępcz');
    expect(polishStem('cyberprzestępczość')).toBe('cyberprzestępcz');
  });

  it('degrades instead of throwing when a stemmer fails on a word', () => {
    expect(stemWord('киберпрестъпления', 'bg')).toBe('киберпрестъплен');
  });
});

describe('tokenize', () => {
  it('drops stop words and stems the rest', () => {
    expect(tokenize('The attacks on the hospitals', 'en')).toEqual(['attack', 'hospit']);
    expect(tokenize('Europos Tarybos generalinis sekretorius', 'lt')).toEqual(tokenize('Europos Taryba generalinis sekretorius', 'lt'));
  });

  it('keeps acronyms that spell a stop word', () => {
    expect(tokenize('IT security in the US', 'en')).toEqual(['it', 'secur', 'us']);
  });

  it('splits Chinese into character bigrams', () => {
    expect(tokenize('巴黎倡议', 'zh')).toEqual(['巴黎', '黎倡', '倡议']);
    expect(tokenize('网络 安全', 'zh')).toEqual(['网络', '安全']);
  });

  it('light-stems Arabic: conjunction and article peeled', () => {
    expect(tokenize('والأمن الإلكتروني', 'ar')).toEqual(['امن', 'الكتروني']);
    expect(tokenize('الاتفاقيات', 'ar')).toEqual(['اتفاقي']);
  });
});

describe('scanText', () => {
  it('records offsets, capitals, sentences and punctuation breaks', () => {
    const text = 'Le Conseil de l’Europe. U.S. NATO, „Kaspersky Lab“';
    const tokens = scanText(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Le', 'Conseil', 'de', 'l', 'Europe', 'U.S.', 'NATO', 'Kaspersky', 'Lab']);
    expect(tokens.map((t) => t.folded)).toEqual(['le', 'conseil', 'de', 'l', 'europe', 'us', 'nato', 'kaspersky', 'lab']);
    expect(tokens.map((t) => t.stop)).toEqual([true, false, true, true, false, false, false, false, false]);
    expect(tokens.map((t) => t.sentence)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(tokens.map((t) => t.upper)).toEqual([false, false, false, false, false, true, true, false, false]);
    expect(tokens.map((t) => t.breakBefore)).toEqual([false, false, false, false, false, true, false, true, false]);
  });

  it('makes each Chinese or Japanese character a token and keeps Latin runs whole', () => {
    const tokens = scanText('AI法案とSBOM');
    expect(tokens.map((t) => t.folded)).toEqual(['ai', '法', '案', 'と', 'sbom']);
    expect(tokens.map((t) => t.cjk)).toEqual([false, true, true, true, false]);
  });
});
