import { describe, expect, it } from 'vitest';
import { useSlackHarness, type SlackHarness } from './slack-harness.js';

// The "Why?" button on a story, pressed over the real Slack HTTP path (signed block_actions, fake Slack API).

describe('Slack: the Why? button', () => {
  let h: SlackHarness;
  useSlackHarness((x) => (h = x));

  it('on the Arabic seed’s paris-call story answers privately with the why text naming “نداء باريس”, in the channel’s language', async () => {
    const arabic = (await h.store.items.find({ limit: 500 })).find((i) => i.analysis.lang === 'ar' && i.analysis.topics.some((t) => t.slug === 'paris-call'))!;
    expect(arabic).toBeDefined();
    const listing = await h.command('paris-call');
    // The story's own Why? button carries its story id.
    const buttons = listing.raw.flatMap((m: any) => (m.blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : [])));
    const why = buttons.find((e: any) => String(e.action_id).startsWith('why_story:') && e.value === arabic.analysis.story);
    expect(why).toMatchObject({ type: 'button', text: { type: 'plain_text', text: 'Why?' }, value: arabic.analysis.story });

    const answer = await h.press('why_story', why.value);
    // Answered through response_url as an ephemeral message (only the presser sees it).
    const body = answer.raw[0] as Record<string, unknown>;
    expect(body.response_type).toBe('ephemeral');
    const lines = answer.text.split('\n');
    expect(lines[0]).toBe(`Why: ${arabic.title}`);
    expect(lines.find((l) => l.startsWith('• Paris Call'))).toContain('“نداء باريس”');

    // In an Arabic channel the same press answers in Arabic.
    await h.command('language ar');
    const inArabic = await h.press('why_story', why.value);
    expect(inArabic.text.split('\n')[0]).toBe(`لماذا: ${arabic.title}`);
    expect(inArabic.text).toMatch(/\n• [^\n]+ \(القواعد [\d.]+\): [^\n]*“نداء باريس”/);
  });
});
