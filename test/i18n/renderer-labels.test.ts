import { describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../adapters/slack/block-kit-renderer.js';
import { renderAdaptiveCards } from '../../adapters/teams/adaptive-card-renderer.js';
import type { ActionId, ReplyDocument } from '../../src/replies/reply-document.js';

const IDS: ActionId[] = ['subscribe_topic', 'mute_story', 'more_like_this', 'unsubscribe_all', 'show_more'];

function labels(doc: ReplyDocument): { slack: string[]; teams: string[] } {
  const slack = renderBlockKit(doc)[0]!.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.text.text) : []));
  const card = renderAdaptiveCards(doc)[0] as { body: { type: string; actions?: { title: string }[] }[] };
  const teams = card.body.flatMap((e) => (e.type === 'ActionSet' ? e.actions!.map((a) => a.title) : []));
  return { slack, teams };
}

describe('renderers take default labels from the one string table', () => {
  const doc = (lang?: string): ReplyDocument => ({
    visibility: 'private',
    fallbackText: 'x',
    ...(lang ? { lang } : {}),
    blocks: [{ type: 'actions', actions: IDS.map((id) => ({ id, label: '', value: 'v' })) }],
  });

  it('Slack and Teams agree in English', () => {
    const { slack, teams } = labels(doc());
    expect(slack).toEqual(['Subscribe to this topic', 'Mute this story', 'More like this', 'Unsubscribe from all', 'Show more']);
    expect(teams).toEqual(slack);
  });

  it('and in the document language', () => {
    const { slack, teams } = labels(doc('de'));
    expect(slack).toEqual(['Dieses Thema abonnieren', 'Diese Meldung ausblenden', 'Mehr davon', 'Alles abbestellen', 'Mehr anzeigen']);
    expect(teams).toEqual(slack);
  });
});
