/**
 * Entity precision and recall over named organisations, people and places (issue 13), against the
 * corpus's `label.entities` (every surface form, typed org/person/place, with a canonical id).
 *
 * Counted per item and entity: a labelled entity (its id) is found when one of its surface forms
 * is a surface the analyser reports for an organisation, person or place; a reported entity is
 * right when one of its surfaces is a labelled surface. Surfaces compare after NFC and trimming; a
 * labelled form may carry a suffix after an apostrophe the analyser leaves out (Turkish "İran'da",
 * reported "İran"), or quotation marks around the name („Killnet“, reported "Killnet").
 * Laws, treaties, malware and initiatives are not entities in the labels, so the analyser's
 * 'initiative' type is left out of both counts; so are its untyped 'unknown' names.
 */
import { extractEntityMentions } from '../../src/analysis/entity-extractor.js';
import type { Gazetteer } from '../../src/analysis/entity-gazetteer.js';
import type { AnalyzedItem } from '../../src/items/item.js';

export interface LabelledEntity {
  text: string;
  type: 'org' | 'person' | 'place';
  id: string;
}

export interface EntityScores {
  /** Labelled entities (distinct ids per item) and reported ones (distinct ids per item). */
  labelled: number;
  reported: number;
  found: number;
  right: number;
  precision: number;
  recall: number;
  /** Recall per labelled type. */
  recallByType: Record<LabelledEntity['type'], number>;
}

export interface EntityMistake {
  id: string;
  kind: 'entity-missed' | 'entity-false';
  text: string;
}

const COUNTED = new Set(['organization', 'person', 'place']);

function norm(s: string): string {
  return s.normalize('NFC').trim();
}

/** Quotation marks a label may keep around a name („Killnet“, «Telegram»); the analyser reports the name inside. */
const QUOTES = /^["„“”«»「」『』‚‘]+|["„“”«»「」『』‚‘’]+$/gu;

/** The labelled surface as the analyser would report it: without quotes around it or a suffix after an apostrophe. */
function forms(text: string): string[] {
  const t = norm(text);
  const unquoted = t.replace(QUOTES, '');
  const cut = unquoted.split(/['’]/)[0]!;
  return [...new Set([t, unquoted, cut].filter((f) => f.length > 0))];
}

/**
 * Scores of the items that carry entity labels, or null when none does. `mistakes`, when given,
 * receives item-level misses and false reports (callers list them for dev only).
 */
export function scoreEntities(
  items: readonly { id: string; title: string; content: string; labels: readonly LabelledEntity[] | undefined }[],
  results: readonly AnalyzedItem[],
  gazetteer: Gazetteer,
  mistakes?: EntityMistake[],
): EntityScores | null {
  let labelled = 0;
  let reported = 0;
  let found = 0;
  let right = 0;
  const byType = { org: [0, 0], person: [0, 0], place: [0, 0] } as Record<LabelledEntity['type'], [number, number]>;
  let any = false;
  items.forEach((item, i) => {
    if (!item.labels) return;
    any = true;
    const lang = results[i]!.analysis.lang;
    const mentions = extractEntityMentions({ title: item.title, content: item.content, lang }, gazetteer).filter((m) => COUNTED.has(m.type));
    const surfacesById = new Map<string, Set<string>>();
    for (const m of mentions) {
      let set = surfacesById.get(m.id);
      if (!set) surfacesById.set(m.id, (set = new Set()));
      set.add(norm(m.surface));
    }
    const labelSurfaces = new Set(item.labels.flatMap((l) => forms(l.text)));
    const labelsById = new Map<string, LabelledEntity[]>();
    for (const l of item.labels) labelsById.set(l.id, [...(labelsById.get(l.id) ?? []), l]);
    const reportedSurfaces = new Set([...surfacesById.values()].flatMap((s) => [...s]));
    for (const [id, list] of labelsById) {
      labelled++;
      const hit = list.some((l) => forms(l.text).some((f) => reportedSurfaces.has(f)));
      const type = list[0]!.type;
      byType[type][1]++;
      if (hit) {
        found++;
        byType[type][0]++;
      } else mistakes?.push({ id: item.id, kind: 'entity-missed', text: `${list.map((l) => l.text).join(' / ')} (${type}, ${id})` });
    }
    for (const [id, surfaces] of surfacesById) {
      reported++;
      if ([...surfaces].some((s) => labelSurfaces.has(s))) right++;
      else mistakes?.push({ id: item.id, kind: 'entity-false', text: `${[...surfaces].join(' / ')} (${id})` });
    }
  });
  if (!any) return null;
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    labelled,
    reported,
    found,
    right,
    precision: ratio(right, reported),
    recall: ratio(found, labelled),
    recallByType: { org: ratio(...byType.org), person: ratio(...byType.person), place: ratio(...byType.place) },
  };
}
