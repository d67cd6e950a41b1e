/**
 * Makes user and feed text inert before any renderer shows it: special mentions (@everyone,
 * <!channel>), user/channel mentions and Slack link markup (<url|label>) get an invisible word joiner
 * after their first character, so they read the same but no client expands them.
 */
const WORD_JOINER = '\u2060';

// Slack: <!channel>, <!here>, <@U123>, <#C123>, <http://…|…>, <mailto:…>; also any <tag> Teams might parse.
const ANGLE_MARKUP = /<(?=[!@#a-z/])/gi;
// Broadcast mentions in Slack, Teams and Markdown chat clients (any word starting so: cheap and safe).
const BROADCAST = /@(?=everyone|here|channel|all|group)/gi;
// Markdown link and image syntax "[label](target)".
const MD_LINK = /\]\(/g;

export function defuseMarkup(text: string): string {
  return text.replace(ANGLE_MARKUP, `<${WORD_JOINER}`).replace(BROADCAST, `@${WORD_JOINER}`).replace(MD_LINK, `]${WORD_JOINER}(`);
}
