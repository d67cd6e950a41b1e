import { describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../adapters/slack/block-kit-renderer.js';
import { renderAdaptiveCards } from '../../adapters/teams/adaptive-card-renderer.js';
import { COMMAND_CATALOG } from '../../src/commands/command-catalog.js';
import { commandHelpReply, helpReply } from '../../src/commands/help-text.js';
import { renderText } from '../../src/replies/render-text.js';

// Invisible or look-alike characters that defuse markup in untrusted text: none belongs in our own help.
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u02CB\u02CD\u2217\u223C]/;
const replies = [helpReply('en'), ...COMMAND_CATALOG.map((entry) => commandHelpReply(entry.name, 'en'))];

describe('the app\'s own text is shown as written (issue 20)', () => {
  it('terminal help: `help schedule` reads "<day> <HH:MM>" with no word joiner after "<"', () => {
    const out = renderText(commandHelpReply('schedule', 'en'));
    expect(out.split('\n')[0]).toBe('Usage: schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off');
    for (const reply of replies) expect(renderText(reply)).not.toMatch(INVISIBLE);
  });

  it('Teams cards: help keeps its backticks and "<", with no zero-width space or look-alike', () => {
    const card = JSON.stringify(renderAdaptiveCards(commandHelpReply('schedule', 'en')));
    expect(card).toContain('Usage: schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off');
    expect(card).toContain('`schedule off`');
    for (const reply of replies) expect(JSON.stringify(renderAdaptiveCards(reply))).not.toMatch(INVISIBLE);
  });

  it('Slack: help has no invisible character either', () => {
    for (const reply of replies) expect(JSON.stringify(renderBlockKit(reply))).not.toMatch(INVISIBLE);
  });

  it('feed and user text is still defused in the same renderers', () => {
    const hostile = { visibility: 'channel' as const, fallbackText: 'x', blocks: [{ type: 'text' as const, text: 'Hi <!channel> `x`' }] };
    expect(renderText(hostile)).toBe('Hi <\u2060!channel> `x`');
    expect(JSON.stringify(renderAdaptiveCards(hostile))).toContain('Hi <\u200B!channel> \u02CBx\u02CB');
  });
});
