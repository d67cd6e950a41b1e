/**
 * Amounts a text states with a unit ("3 million euros", "40 %", "1,5 milliard", "3 ملايين يورو",
 * "300万欧元"): the number, its multiplier and its unit, read from the words around the digits in
 * any shipped language. A bare number (a count, a year, a date) is not an amount and is left out.
 */
export interface StatedAmount {
  /** The digits exactly as the text wrote them ("1,5", "3", "1 312"). */
  digits: string;
  /** The numeric value of `digits` (before the multiplier). */
  number: number;
  multiplier: 1 | 1e3 | 1e4 | 1e6 | 1e8 | 1e9;
  unit: 'percent' | 'EUR' | 'USD' | 'GBP' | 'CNY' | 'RUB' | 'UAH' | null;
}

const MULTIPLIERS: readonly [RegExp, StatedAmount['multiplier']][] = [
  [/^(thousands?|milliers?|mille(?!\p{L})|tausend|mil(?!\p{L})|tūkst\.?|tūkstan\p{L}*|tys\.?|tysi\p{L}*|тыс\.?|тысяч\p{L}*|тисяч\p{L}*|ألف|آلاف|الف|千)/iu, 1e3],
  [/^(万)/u, 1e4],
  [/^(millions?|millionen|million|mio\.?|millón|millones|mln\.?|milijon\p{L}*|milion\p{L}*|млн\.?|миллион\p{L}*|мільйон\p{L}*|مليون|ملايين|百万)/iu, 1e6],
  [/^(亿)/u, 1e8],
  [/^(billions?|milliards?|milliarden?|mrd\.?|mlrd\.?|milijard\p{L}*|mld\.?|miliard\p{L}*|млрд\.?|миллиард\p{L}*|мільярд\p{L}*|مليار\p{L}*|十亿)/iu, 1e9],
];

const UNITS_AFTER: readonly [RegExp, NonNullable<StatedAmount['unit']>][] = [
  [/^(%|٪|percent|per cent|pour cent|prozent|por ciento|procent\p{L}*|proc\.|процент\p{L}*|відсот\p{L}*|في المئة|في المائة|بالمئة|بالمائة)/iu, 'percent'],
  [/^(€|euros?|eur\b|eurų|eurai|евро|євро|يورو|欧元)/iu, 'EUR'],
  [/^(\$|us dollars?|dollars?|dólares|dolar\p{L}*|доллар\p{L}*|долар\p{L}*|دولار\p{L}*|美元)/iu, 'USD'],
  [/^(£|pounds? sterling|pounds?|livres? sterling|фунт\p{L}*|جنيه إسترليني)/iu, 'GBP'],
  [/^(yuan|renminbi|元|人民币)/iu, 'CNY'],
  [/^(рубл\p{L}*|roubles?|rubles?|rubli\p{L}*)/iu, 'RUB'],
  [/^(гривень|гривн\p{L}*|hryvnias?)/iu, 'UAH'],
];

const UNITS_BEFORE: readonly [RegExp, NonNullable<StatedAmount['unit']>][] = [
  [/(€|eur)\s?$/iu, 'EUR'],
  [/(us\$|\$|usd)\s?$/iu, 'USD'],
  [/(£|gbp)\s?$/iu, 'GBP'],
  [/(百分之)$/u, 'percent'],
];

// Digits, with thousands groups (1,312 · 1.312 · 1 312) and an optional 1-2 digit decimal part.
const NUMBER = /\d+(?:[,.\u00A0\u202F ]\d{3}(?!\d))*(?:[.,]\d{1,2}(?!\d))?/gu;

/** Arabic-Indic and Persian digits as ASCII, so one pattern reads them all. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

export function parseDigits(digits: string): number {
  const decimal = /[.,](\d{1,2})$/.exec(digits);
  const whole = (decimal ? digits.slice(0, -decimal[0].length) : digits).replace(/[^\d]/g, '');
  return Number(whole) + (decimal ? Number(`0.${decimal[1]}`) : 0);
}

/** Every amount with a unit or a multiplier in `text`, in order. */
export function statedAmounts(text: string): StatedAmount[] {
  const plain = asciiDigits(text);
  const found: StatedAmount[] = [];
  for (const match of plain.matchAll(NUMBER)) {
    const digits = match[0].trim();
    const start = match.index!;
    let after = plain.slice(start + match[0].length).replace(/^[\s\u00A0\u202F]+/u, '');
    let multiplier: StatedAmount['multiplier'] = 1;
    for (const [pattern, value] of MULTIPLIERS) {
      const m = pattern.exec(after);
      if (m) {
        multiplier = value;
        after = after.slice(m[0].length).replace(/^[\s\u00A0\u202F]+/u, '');
        break;
      }
    }
    // "de euros", "евро" after a multiplier; a currency or percent sign right after the digits.
    after = after.replace(/^(?:de\s+|d[’']\s*|of\s+)/iu, '');
    let unit: StatedAmount['unit'] = null;
    for (const [pattern, value] of UNITS_AFTER) if (pattern.test(after)) unit ??= value;
    const before = plain.slice(Math.max(0, start - 6), start);
    for (const [pattern, value] of UNITS_BEFORE) if (pattern.test(before)) unit ??= value;
    if (unit === null && multiplier === 1) continue;
    found.push({ digits, number: parseDigits(digits), multiplier, unit });
  }
  return found;
}
