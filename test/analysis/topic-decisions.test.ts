import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import type { Item } from '../../src/items/item.js';

/**
 * The rules and the learned model together (topic-classifier.ts), on items written for this test
 * (not from any corpus split): a passing mention is not the main topic, and a word shared with
 * something else does not alone give a topic.
 */
let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
}, 60_000);

const item = (id: string, lang: string, title: string, content: string): Item => ({
  id, sourceId: 'test', url: null, title, content, published: new Date('2026-05-01T00:00:00Z'),
  fetchedAt: new Date('2026-05-01T00:00:00Z'), author: null, categories: [], lang,
});

function topicsOf(cases: string[][]): string[][] {
  return analyzer.analyze(cases.map(([lang, title, content], i) => item(`c${i}`, lang!, title!, content!))).map((a) => a.analysis.topics.map((t) => t.slug));
}

describe('topics from rules and model', () => {
  it('an AI summit whose report recalls the Paris Call in one clause is ai-governance (en, fr, de)', () => {
    const cases = [
      ['en', 'Leaders close AI summit with pledge on frontier model testing', 'Government leaders and technology companies ended a two-day summit on artificial intelligence with a joint statement on testing advanced AI models before release. The statement asks developers to share safety evaluations with national AI safety institutes and to report serious incidents. Officials said a follow-up meeting would review progress next year. The final report also recalls the Paris Call for Trust and Security in Cyberspace in one paragraph on international cooperation.'],
      ['fr', "Le sommet sur l'intelligence artificielle s'achève sur un engagement commun", "Les dirigeants réunis pendant deux jours ont adopté une déclaration sur l'évaluation des modèles d'IA avant leur mise sur le marché. Les entreprises s'engagent à partager leurs tests de sécurité avec les instituts nationaux. Le rapport final rappelle, dans un paragraphe sur la coopération, l'Appel de Paris pour la confiance et la sécurité dans le cyberespace."],
      ['de', 'KI-Gipfel endet mit gemeinsamer Erklärung zu Sicherheitstests', 'Regierungen und Technologieunternehmen haben sich zum Abschluss eines zweitägigen Gipfels zur künstlichen Intelligenz auf Tests großer KI-Modelle vor der Veröffentlichung geeinigt. Die Entwickler sollen Ergebnisse mit nationalen Instituten teilen. Der Abschlussbericht erinnert in einem Absatz auch an den Pariser Appell für Vertrauen und Sicherheit im Cyberraum.'],
    ];
    for (const topics of topicsOf(cases)) expect(topics[0]).toBe('ai-governance');
  });

  it('an airline named like spyware gets no topic (en, tr, de)', () => {
    const cases = [
      ['en', 'Pegasus Airlines adds summer flights to three Greek islands', 'The low-cost carrier Pegasus will fly twice a week from Istanbul to Rhodes, Kos and Crete from June. Tickets start at 49 euros, and the airline expects more than 200,000 passengers on the new routes this season.'],
      ['tr', 'Pegasus Hava Yolları yaz sezonunda yeni uçuşlar başlatıyor', 'Pegasus, haziran ayından itibaren İstanbul ile Yunan adaları arasında haftada iki sefer düzenleyecek. Biletler 49 eurodan başlıyor ve havayolu şirketi yeni hatlarda bu sezon 200 binden fazla yolcu bekliyor.'],
      ['de', 'Pegasus Airlines fliegt im Sommer auf drei griechische Inseln', 'Die Billigfluggesellschaft Pegasus bietet ab Juni zweimal wöchentlich Flüge von Istanbul nach Rhodos, Kos und Kreta an. Die Tickets kosten ab 49 Euro; die Airline rechnet mit mehr als 200.000 Passagieren.'],
    ];
    expect(topicsOf(cases)).toEqual([[], [], []]);
  });
});
