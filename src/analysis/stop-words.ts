/**
 * Function words skipped when matching phrases and building search tokens, as folded forms
 * (lower case, diacritics stripped). One set for every language on purpose: matching must not
 * depend on the detected language being right. Words that double as names or acronyms in
 * cyber-policy news ("UN", "EU", "US", "IT", "AI", "IA", "UE") are deliberately absent.
 */
const WORDS = `
the of and or for to in on at by with from as into about over after before than that this these those
is are was were be been being has have had its their his her our your which who whom what when where
not but if so also such very more most all any some each other new
de du des le la les l d un une et ou pour par sur dans au aux avec sans entre selon contre qu que qui
ce cette ces son sa ses leur leurs est sont ont pas plus
der die das den dem des ein eine einen einem einer und oder fur von vom zum zur mit bei aus auf im am
ist sind wird werden wurde hat haben nicht auch als wie sich dass
el los las del al y o por para con sin sobre entre una unos unas es son se su sus lo
il lo gli i della dello delle degli dei dell nel nella nelle negli nei nell all alla alle agli
dal dalla sul sulla sull da di per con tra fra che una uno e
os as do dos da das no na nos nas um uma uns umas em ao aos pelo pela pelos pelas com
и в во на с со к ко по о об от из за для до при что как это не но а также его ее их он она они
і й у з зі до від як що це та та й його її їх він вона вони також або
ir su del kad tai kaip bei yra buvo ar nuo iki po per prie apie jo jos ju
w we z ze na do od dla po przez przy o oraz lub czy jest sa to ze jak sie nie tez jego jej ich
في من على عن الى إلى ان أن إن او أو مع هذا هذه ذلك التي الذي التى الذين كما قد لا ما هو هي ثم بين عند
`;

export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w.length > 0));

/** True when a folded token carries no meaning for matching (stop word or lone Latin/Cyrillic letter). */
export function isStopWord(folded: string): boolean {
  if (folded.length === 1) {
    const c = folded.charCodeAt(0);
    // Lone letters of alphabetic scripts (elided l', d', possessive 's, initials); keep digits and CJK.
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x430 && c <= 0x45f) || c === 0x456 || c === 0x454;
  }
  return STOP_WORDS.has(folded);
}
