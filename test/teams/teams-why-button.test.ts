import { describe, expect, it } from 'vitest';
import { cardsOf } from './teams-test-kit.js';
import { useTeamsHarness, type TeamsHarness } from './teams-harness.js';

// The "Why?" card action on a story, through /api/messages and the fake Bot Connector.

describe('Teams: the Why? card action', () => {
  let h: TeamsHarness;
  useTeamsHarness((x) => (h = x));

  it('on the Arabic seed’s paris-call story answers with the why text naming “نداء باريس”', async () => {
    const arabic = (await h.store.items.find({ limit: 500 })).find((i) => i.analysis.lang === 'ar' && i.analysis.topics.some((t) => t.slug === 'paris-call'))!;
    const before = h.connector.calls.length;
    await h.command('paris-call');
    const actions: any[] = [];
    const walk = (node: any): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      if (node.type === 'Action.Submit') actions.push(node);
      for (const key of ['body', 'items', 'actions']) if (node[key]) walk(node[key]);
    };
    h.connector.calls.slice(before).forEach((c) => cardsOf(c).forEach(walk));
    const why = actions.find((a) => a.data?.action === 'why_story' && a.data.value === arabic.analysis.story);
    expect(why).toEqual({ type: 'Action.Submit', title: 'Why?', data: { action: 'why_story', value: arabic.analysis.story } });

    const answer = await h.press('why_story', why.data.value);
    const lines = answer.text.split('\n');
    expect(lines[0]).toBe(`Why: ${arabic.title}`);
    expect(lines.find((l) => l.startsWith('• Paris Call'))).toContain('“نداء باريس”');

    await h.command('language fr');
    const fr = await h.press('why_story', why.data.value);
    expect(fr.text.split('\n')[0]).toBe(`Pourquoi : ${arabic.title}`);
    expect(fr.text).toMatch(/\n• Appel de Paris[^\n]* [\d.]+ \(règles [\d.]+\) : [^\n]*“نداء باريس”/);
  });
});
