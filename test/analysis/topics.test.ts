import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/analysis/entity-extractor.js';
import { loadGazetteer, type Gazetteer } from '../../src/analysis/entity-gazetteer.js';
import { loadTaxonomy, type Taxonomy } from '../../src/analysis/taxonomy-loader.js';
import { TAXONOMY_LANGUAGES } from '../../src/analysis/taxonomy.js';
import { MAIN_TOPIC_MIN, SECONDARY_TOPIC_MIN, matchTopics } from '../../src/analysis/topic-matcher.js';
import { resolveTopicWords } from '../../src/analysis/topic-resolver.js';
import { InputError } from '../../src/errors.js';
import { fromRoot } from '../../src/package-root.js';

let taxonomy: Taxonomy;
let gazetteer: Gazetteer;

beforeAll(() => {
  taxonomy = loadTaxonomy();
  gazetteer = loadGazetteer();
});

/** Topic slugs of an item, main first, with entities found by the gazetteer as key-entity evidence. */
function topicsOf(title: string, content: string, lang: string): string[] {
  const entityIds = extractEntities({ title, content, lang }, gazetteer).map((e) => e.id);
  return matchTopics({ title, content, lang, entityIds }, taxonomy).map((t) => t.slug);
}

/** A seed file as title (first line) and content (the rest), or all content when it has one line. */
function seed(file: string): { title: string; content: string } {
  const text = readFileSync(fromRoot('digests', 'samples', file), 'utf8');
  const nl = text.indexOf('\n');
  return nl < 0 ? { title: '', content: text } : { title: text.slice(0, nl).trim(), content: text.slice(nl + 1).trim() };
}

const REQUIRED_SLUGS = [
  'paris-call', 'council-of-europe', 'cybercrime', 'data-protection', 'un-cyber-norms', 'supply-chain-security',
  'critical-infrastructure', 'ransomware', 'election-security', 'child-online-safety', 'freedom-of-expression',
  'internet-governance', 'ai-governance', 'encryption', 'attribution-sanctions', 'spyware-export-controls',
];

describe('digests/topics.json', () => {
  it('has every required topic, named in all 12 taxonomy languages, with aliases and key phrases', () => {
    expect(taxonomy.topics.map((t) => t.slug).sort()).toEqual([...REQUIRED_SLUGS].sort());
    for (const topic of taxonomy.topics) {
      for (const lang of TAXONOMY_LANGUAGES) {
        expect(topic.names[lang], `${topic.slug} name in ${lang}`).toBeTruthy();
        expect((topic.aliases[lang]?.length ?? 0) + (topic.contextualAliases[lang]?.length ?? 0), `${topic.slug} aliases in ${lang}`).toBeGreaterThan(0);
      }
      expect(Object.keys(topic.keyPhrases).length, `${topic.slug} key phrases`).toBeGreaterThanOrEqual(12);
    }
  });

  it('names the Paris Call as the issue asks', () => {
    const pc = taxonomy.bySlug.get('paris-call')!;
    const all = [...Object.values(pc.names), ...Object.values(pc.aliases).flat()];
    for (const name of ['Paris Call', 'Appel de Paris', 'Pariser Appell', 'Llamamiento de París', 'Appello di Parigi', 'Apelo de Paris',
      'Парижский призыв', 'Паризький заклик', 'نداء باريس', '巴黎倡议', 'Paryžiaus kvietimas', 'Apel paryski']) {
      expect(all).toContain(name);
    }
    expect(pc.negativeCues.en).toContain('Christchurch Call');
  });

  it('rejects an invalid taxonomy file with a message naming the file and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
    const bad = join(dir, 'topics.json');
    writeFileSync(bad, JSON.stringify({ version: 1, topics: [{ slug: 'Bad Slug', names: { en: 'x' } }] }));
    expect(() => loadTaxonomy(bad)).toThrow(InputError);
    expect(() => loadTaxonomy(bad)).toThrow(/topics\.json: invalid topic taxonomy at topics\.0\.slug/);
    expect(() => loadTaxonomy(join(dir, 'missing.json'))).toThrow(/cannot read the topic taxonomy/);
  });
});

describe('seed items', () => {
  it('Lithuanian seed: main topic council-of-europe, internet-governance secondary, no list items', () => {
    const { title, content } = seed('000_9d3fa56a83e923b6.txt');
    expect(topicsOf(title, content, 'lt')).toEqual(['council-of-europe', 'internet-governance']);
  });

  it('Arabic seed: main topic paris-call, supply-chain-security among the secondaries', () => {
    const { title, content } = seed('003_6a0df7d2b21cfab0.txt');
    const topics = topicsOf(title, content, 'ar');
    expect(topics[0]).toBe('paris-call');
    expect(topics).toContain('supply-chain-security');
    expect(topics).toEqual(['paris-call', 'internet-governance', 'supply-chain-security']);
  });

  it('matches the seeds whether read with a title or as one block of content', () => {
    const { title, content } = seed('003_6a0df7d2b21cfab0.txt');
    expect(topicsOf('', `${title}\n${content}`, 'ar')[0]).toBe('paris-call');
  });
});

describe('each topic named only in a local language', () => {
  const cases: [string, string, string, string][] = [
    ['paris-call', 'pl', 'Polska dołącza do Apelu paryskiego', 'Ministerstwo Cyfryzacji poinformowało, że Polska poparła Apel paryski na rzecz zaufania i bezpieczeństwa w cyberprzestrzeni. Do inicjatywy należy już ponad 80 państw.'],
    ['council-of-europe', 'lt', 'Lietuvos delegacija Europos Tarybos komitete', 'Vilniuje vykusiame susitikime Europos Tarybos atstovai aptarė konvencijos įgyvendinimą. Europos Tarybai pirmininkaujanti šalis pristatė metinę ataskaitą.'],
    ['cybercrime', 'ru', 'Полиция задержала группу киберпреступников', 'В Москве задержаны 12 участников группировки, похищавшей деньги с банковских карт. Киберпреступники рассылали фишинговые письма клиентам банков.'],
    ['data-protection', 'de', 'Datenschutzbehörde verhängt Bußgeld gegen Onlinehändler', 'Die Aufsichtsbehörde wirft dem Unternehmen vor, personenbezogene Daten von 40.000 Kunden ohne Einwilligung weitergegeben zu haben. Nach der DSGVO drohen hohe Strafen.'],
    ['un-cyber-norms', 'fr', "Cyberespace : rapport sur le comportement responsable des États", "Le Groupe de travail à composition non limitée a adopté vendredi à New York son rapport annuel. Les délégations ont salué les progrès sur les mesures de confiance."],
    ['supply-chain-security', 'zh', '工信部发布软件供应链安全指南', '指南要求软件开发商提供软件物料清单，并加强对开源组件的安全审查。'],
    ['critical-infrastructure', 'uk', 'Кібератака на об’єкти критичної інфраструктури', 'Хакери атакували об’єкти критичної інфраструктури, зокрема підстанції обленерго. Фахівці відновили електропостачання за шість годин.'],
    ['ransomware', 'fr', 'Un rançongiciel paralyse une mairie du Var', "Les services municipaux sont à l'arrêt depuis lundi après une attaque par rançongiciel. Les pirates réclament une rançon de 200 000 euros."],
    ['election-security', 'es', 'Alerta por injerencia electoral antes de los comicios regionales', 'El Gobierno detectó una campaña de desinformación dirigida a los votantes de tres comunidades. La Junta Electoral Central pidió a las plataformas que retiren los bulos.'],
    ['child-online-safety', 'it', "Verifica dell'età obbligatoria per i social network", "Il Parlamento ha approvato una legge che impone la verifica dell'età agli utenti dei social. L'obiettivo è la tutela dei minori contro adescamento e pedopornografia."],
    ['freedom-of-expression', 'ar', 'حجب المواقع الإخبارية يثير مخاوف بشأن حرية التعبير', 'قررت السلطات حجب عشرة مواقع إخبارية، وانتقدت منظمات حقوق الإنسان القرار باعتباره انتهاكاً لحرية الصحافة.'],
    ['internet-governance', 'pt', 'Fórum de Governança da Internet reúne 5 mil participantes', 'O encontro anual em Lisboa debateu a neutralidade da rede e o Pacto Digital Global.'],
    ['ai-governance', 'lt', 'Seimas svarsto dirbtinio intelekto reguliavimą', 'Naujas įstatymo projektas nustato didelės rizikos DI sistemų priežiūrą pagal Dirbtinio intelekto aktą.'],
    ['encryption', 'de', 'Bundesregierung lehnt Hintertüren in der Verschlüsselung ab', 'Die Ende-zu-Ende-Verschlüsselung von Messengerdiensten dürfe nicht geschwächt werden, erklärte das Innenministerium am Montag.'],
    ['attribution-sanctions', 'it', "L'UE impone sanzioni cyber a sei hacker di Stato", 'Il Consiglio ha adottato misure restrittive contro sei persone e tre entità. Gli hacker sponsorizzati dallo Stato avrebbero agito per conto dei servizi militari.'],
    ['spyware-export-controls', 'ru', 'Производителя шпионских программ обвинили во взломе телефонов журналистов', 'Исследователи обнаружили шпионское ПО на телефонах 30 журналистов. Эксперты призвали ужесточить экспортный контроль.'],
  ];
  for (const [slug, lang, title, content] of cases) {
    it(`${slug} in ${lang}`, () => {
      expect(topicsOf(title, content, lang)[0]).toBe(slug);
    });
  }
});

describe('scoring', () => {
  it('scores a name in a title as 3 x 2 and reports it', () => {
    expect(matchTopics({ title: 'Ransomware', content: '', lang: 'en' }, taxonomy)).toEqual([{ slug: 'ransomware', score: 6 }]);
  });

  it('documents its thresholds', () => {
    expect(MAIN_TOPIC_MIN).toBe(1.8);
    expect(SECONDARY_TOPIC_MIN).toBe(2);
  });

  it('never makes a passing mention late in a long text the main topic, nor a secondary one', () => {
    const filler = Array.from({ length: 12 }, (_, i) =>
      `Investigators said the ransomware gang encrypted servers at site number ${i + 1} and demanded payment in bitcoin before publishing stolen files.`,
    ).join(' ');
    const content = `${filler} In other news, two more countries endorsed the Paris Call last week.`;
    expect(topicsOf('Ransomware gang hits logistics firm', content, 'en')).toEqual(['ransomware']);
    // The same mention alone is enough when it is what the item is about.
    expect(topicsOf('', 'Two more countries endorsed the Paris Call last week.', 'en')).toEqual(['paris-call']);
  });

  it('ignores a single topic word mentioned once late in an otherwise unrelated long text', () => {
    const filler = Array.from({ length: 10 }, () => 'The company reported higher quarterly revenue and raised its forecast for the year.').join(' ');
    expect(topicsOf('Retailer raises forecast', `${filler} It also mentioned ransomware.`, 'en')).toEqual([]);
  });

  it('gives no topic to a product launch', () => {
    expect(topicsOf('Apple unveils iPhone 17 with a faster chip and a brighter screen',
      'Apple on Tuesday unveiled the iPhone 17, with a new camera, longer battery life and a thinner design. Prices start at 999 dollars. Pre-orders open on Friday.', 'en')).toEqual([]);
    expect(topicsOf('Vireo Pad 5 review: brighter screen, end-to-end encrypted backups and a 14-hour battery',
      'The new tablet has a brighter screen, a better camera and end-to-end encryption for backups. The price starts at 499 euros.', 'en')).toEqual([]);
  });
});

describe('decoys', () => {
  it('the Christchurch Call, also met in Paris, is not the Paris Call', () => {
    const topics = topicsOf('Christchurch Call leaders meet in Paris',
      'Leaders of the Christchurch Call met at the Élysée in Paris to review progress on removing terrorist and violent extremist content online. Rights groups warned about over-removal.', 'en');
    expect(topics).not.toContain('paris-call');
    expect(topics[0]).toBe('freedom-of-expression');
    expect(topicsOf("L'Appel de Christchurch réunit ses soutiens à Paris", "Les dirigeants se sont retrouvés à l'Élysée pour faire le point sur le retrait des contenus terroristes en ligne.", 'fr')).not.toContain('paris-call');
  });

  it('"Paris" alone and the Paris Peace Forum alone are not the Paris Call', () => {
    expect(topicsOf('Paris welcomes a record number of tourists', 'Paris welcomed a record number of tourists in July. Hotels in Paris reported full occupancy.', 'en')).toEqual([]);
    expect(topicsOf('Paris Peace Forum opens', 'Heads of state gathered at the Paris Peace Forum to discuss climate finance and global health.', 'en')).not.toContain('paris-call');
    expect(topicsOf('Le PSG fait appel de la sanction de l’UEFA', 'Le Paris Saint-Germain a annoncé faire appel de la sanction.', 'fr')).toEqual([]);
  });

  it('the European Council is not the Council of Europe', () => {
    expect(topicsOf('El Consejo Europeo aprueba el presupuesto', 'Los jefes de Estado reunidos en el Consejo Europeo aprobaron el presupuesto agrícola.', 'es')).toEqual([]);
    expect(topicsOf('Rada Europejska o budżecie', 'Szczyt Rady Europejskiej zakończył się porozumieniem w sprawie budżetu rolnego.', 'pl')).toEqual([]);
  });

  it('a supply chain of food and a kidnapping ransom are not cyber topics', () => {
    expect(topicsOf('Floods disrupt the supply chain of fresh produce', 'Supermarkets warn of shortages of vegetables as floods cut roads to farms.', 'en')).toEqual([]);
    expect(topicsOf('Liberan a empresario tras el pago de un rescate', 'El empresario secuestrado fue liberado después de que su familia pagara el rescate.', 'es')).toEqual([]);
  });
});

describe('normalisation in matching', () => {
  it('Arabic: clitics, alef variants, tashkeel and tatweel', () => {
    const content = 'أعلنت الحكومة انضمامها إلى نداء باريس للثقة والأمن في الفضاء الالكتروني، وقال الوزير إن الانضمام لنداء باريس يعزز التعاون.';
    expect(topicsOf('الحكومة تنضم لنداء باريس', content, 'ar')[0]).toBe('paris-call');
    expect(topicsOf('الحُكُومَة تنضمّ لنِدَاءِ بَارِيس', content, 'ar')[0]).toBe('paris-call');
    expect(topicsOf('وبنـــداء بـاريس', content, 'ar')[0]).toBe('paris-call');
    // "البنى التحتية الحيوية" (plural) and "والبنية التحتية" with a conjunction.
    expect(topicsOf('هجوم على البنى التحتية الحيوية', 'تعرضت البنية التحتية الحيوية في البلاد لهجوم سيبراني واسع.', 'ar')[0]).toBe('critical-infrastructure');
  });

  it('Lithuanian, Polish, Russian and German inflections', () => {
    expect(topicsOf('Lietuva palaiko Paryžiaus kvietimą', 'Vyriausybė pranešė, kad prisijungia prie Paryžiaus kvietimo dėl pasitikėjimo kibernetinėje erdvėje.', 'lt')[0]).toBe('paris-call');
    expect(topicsOf('Posiedzenie Rady Europy', 'W Radzie Europy omawiano ochronę praw człowieka w internecie.', 'pl')[0]).toBe('council-of-europe');
    expect(topicsOf('Заседание Совета Европы', 'Представители Совета Европы обсудили права человека в интернете.', 'ru')[0]).toBe('council-of-europe');
    expect(topicsOf('Bericht des Europarats', 'Die Generalsekretärin des Europarats stellte den Bericht in Straßburg vor.', 'de')[0]).toBe('council-of-europe');
  });

  it('Chinese without spaces', () => {
    expect(topicsOf('法国宣布十国加入网络空间信任与安全巴黎倡议', '马克龙表示，巴黎倡议的支持者已超过八十个国家。', 'zh')[0]).toBe('paris-call');
    expect(topicsOf('某市医院遭勒索软件攻击', '攻击者要求支付赎金，医院系统中断两天。', 'zh')[0]).toBe('ransomware');
  });
});

describe('resolveTopicWords', () => {
  const best = (words: string) => resolveTopicWords(words, taxonomy)[0];

  it('finds a topic by slug, name or alias in any language and script', () => {
    expect(best('paris-call')).toEqual({ slug: 'paris-call', score: 1 });
    expect(best('paris call')).toEqual({ slug: 'paris-call', score: 1 });
    expect(best('Appel de Paris')).toEqual({ slug: 'paris-call', score: 1 });
    expect(best('نداء باريس')).toEqual({ slug: 'paris-call', score: 1 });
    expect(best('巴黎倡议')).toEqual({ slug: 'paris-call', score: 1 });
    expect(best('Парижский призыв')).toEqual({ slug: 'paris-call', score: 1 });
    expect(best('ransomware')).toEqual({ slug: 'ransomware', score: 1 });
    expect(best('Europos Tarybos')?.slug).toBe('council-of-europe');
  });

  it('tolerates small typos', () => {
    expect(best('parris call')).toEqual({ slug: 'paris-call', score: 0.917 });
    expect(best('ransomwre')?.slug).toBe('ransomware');
    expect(best('encyption')?.slug).toBe('encryption');
    expect(best('cybercrme')?.slug).toBe('cybercrime');
  });

  it('returns nothing for words close to no topic', () => {
    expect(resolveTopicWords('xyzzy', taxonomy)).toEqual([]);
    expect(resolveTopicWords('   ', taxonomy)).toEqual([]);
  });

  it('ranks candidates best first', () => {
    const results = resolveTopicWords('data protection', taxonomy);
    expect(results[0]).toEqual({ slug: 'data-protection', score: 1 });
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
  });
});
