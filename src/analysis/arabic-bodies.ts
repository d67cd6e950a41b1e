/**
 * Organisations named the Arabic way: an indefinite head noun in construct with definite words
 * (iḍāfa), "وزارة الصحة" (Ministry of Health), "مجلس النواب", "هيئة الاتصالات". Arabic has no
 * capitals, so the capitalised-name scan never sees these; the construct itself is the cue. The head
 * may carry a clitic (و، ب، ل، ف: "بوزارة الصحة"), which is not part of the name.
 */
import type { EntityMention } from '../items/item.js';
import { foldWord } from './fold-word.js';
import type { PreparedText } from './prepared-text.js';
import type { ScannedToken } from './text-scanner.js';

const HEADS = new Set(
  // Not مركز, جهاز, سلطة, شرطة: as often a facility, a device, power or "the police" as a body's name.
  ['وزارة', 'هيئة', 'مجلس', 'جامعة', 'مختبر', 'محكمة', 'وكالة', 'مكتب', 'لجنة', 'منظمة', 'شركة', 'مصرف', 'حزب', 'نيابة', 'مديرية', 'مؤسسة', 'معهد'].map(foldWord),
);
/** At most this many definite words after the head ("وزارة الدفاع الإسرائيلية"). */
const MAX_TAIL = 3;

/** Construct-state organisation names of one Arabic text part, skipping tokens already named. */
export function arabicBodies(p: PreparedText, covered: Set<ScannedToken>): EntityMention[] {
  const out: EntityMention[] = [];
  const t = p.tokens;
  for (let i = 0; i < t.length - 1; i++) {
    const head = t[i]!;
    if (covered.has(head)) continue;
    const form = head.forms.find((f) => HEADS.has(f));
    // The head is indefinite in a construct: "الشرطة الوطنية" (the national police) is a noun phrase.
    if (form === undefined || head.folded.slice(0, head.folded.length - form.length).endsWith('ال')) continue;
    let j = i + 1;
    // One definite noun, then only relational adjectives (nisba: -ي, -ية): "الإسرائيلية", "الدولي";
    // a further definite noun is as often the verb's object ("... الصحة المواطنين").
    while (j < t.length && j <= i + MAX_TAIL && !t[j]!.breakBefore && !covered.has(t[j]!) && t[j]!.folded.startsWith('ال') && t[j]!.folded.length > 3 && (j === i + 1 || /يه?$/u.test(t[j]!.folded))) j++;
    if (j === i + 1) continue;
    // The clitic is the part of the written word before the head's own letters.
    const start = Math.max(head.start, head.end - form.length);
    const name = p.text.slice(start, t[j - 1]!.end);
    for (let k = i; k < j; k++) covered.add(t[k]!);
    out.push({ id: 'x:' + [form, ...t.slice(i + 1, j).map((w) => w.folded)].join('-'), name, type: 'organization', surface: name });
    i = j - 1;
  }
  return out;
}
