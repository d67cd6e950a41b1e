import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument } from '../../src/replies/reply-document.js';
import { clearTeamsState, BOT_ID, CHANNEL, PERSONAL, TENANT, buttonPress, channelMessage, fixture, personalMessage, startTeamsServer, visibleText, expectValidActivity, type TeamsServer } from './teams-test-kit.js';

/** Records what the core was asked and answers with a fixed reply naming the command. */
class RecordingSink implements CommandSink {
  readonly commands: { origin: CommandOrigin; text: string }[] = [];
  readonly actions: { origin: CommandOrigin; id: string; value: string }[] = [];
  async processCommand(origin: CommandOrigin, text: string): Promise<ReplyDocument> {
    this.commands.push({ origin, text });
    return textReply(`ran: ${text}`);
  }
  async processAction(origin: CommandOrigin, action: { id: string; value: string }): Promise<ReplyDocument> {
    this.actions.push({ origin, ...action });
    return textReply(`Subscribed to ${action.value}`);
  }
}

describe('Teams endpoint (POST /api/messages)', () => {
  let server: TeamsServer | null = null;
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
  }, 180_000);
  afterAll(async () => {
    await store.close();
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    await clearTeamsState(store);
  });

  it('runs an @mention in a channel as a command and replies in the thread', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const activity = channelMessage(server.connector.url, 'paris-call');
    expect(await server.send(activity)).toBe(200);
    expect(sink.commands).toEqual([{ origin: { channelId: `teams:${TENANT}:${CHANNEL}`, userId: 'teams:6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', locale: 'en-US' }, text: 'paris-call' }]);
    const posts = server.connector.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.conversationId).toBe(`${CHANNEL};messageid=${activity.id}`);
    expect(posts[0]!.activityId).toBe(activity.id);
    expect(posts[0]!.authorization).toBeNull();
    expectValidActivity(posts[0]!);
    expect(posts[0]!.body).toMatchObject({
      type: 'message',
      replyToId: activity.id,
      from: { id: BOT_ID, name: 'cyberpolicy' },
      summary: 'ran: paris-call',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.5',
            body: [{ type: 'TextBlock', text: 'ran: paris-call', wrap: true }],
            msteams: { width: 'Full' },
          },
        },
      ],
    });
    // The reference for proactive digests is kept, without the thread suffix.
    const stored = await server.store.conversations.get(`teams:${TENANT}:${CHANNEL}`);
    expect(stored).toEqual({
      active: true,
      reference: {
        serviceUrl: `${server.connector.url}/`,
        channelId: 'msteams',
        tenantId: TENANT,
        conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
        bot: { id: BOT_ID, name: 'cyberpolicy' },
        teamId: '19:0a1b2c3d4e5f6a7b@thread.tacv2',
        teamsChannelId: CHANNEL,
      },
    });
  });

  it('ignores channel messages that do not mention the bot', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    expect(await server.send(channelMessage(server.connector.url, 'paris-call', { mention: false }))).toBe(200);
    expect(sink.commands).toEqual([]);
    expect(server.connector.calls).toEqual([]);
  });

  it('treats every personal-chat message as a command', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    expect(await server.send(personalMessage(server.connector.url, '  subscribe   paris-call '))).toBe(200);
    expect(sink.commands.map((c) => [c.origin.channelId, c.text])).toEqual([[`teams:${TENANT}:${PERSONAL}`, 'subscribe paris-call']]);
    expect(visibleText(server.connector.posts(PERSONAL))).toBe('ran: subscribe paris-call');
  });

  it('strips other mentions and HTML entities before parsing', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const activity = channelMessage(server.connector.url, 'search <at>Grace Hopper</at> Kaspersky&nbsp;&amp; co');
    await server.send(activity);
    expect(sink.commands.map((c) => c.text)).toEqual(['search Kaspersky & co']);
  });

  it('routes a card button press to the core for the conversation it was pressed in', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    expect(await server.send(buttonPress(server.connector.url, 'subscribe_topic', 'ransomware', { conversation: '19:other@thread.tacv2' }))).toBe(200);
    expect(sink.actions).toEqual([{ origin: { channelId: `teams:${TENANT}:19:other@thread.tacv2`, userId: 'teams:6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', locale: 'en-US' }, id: 'subscribe_topic', value: 'ransomware' }]);
    const posts = server.connector.posts('19:other@thread.tacv2');
    expect(visibleText(posts)).toBe('Subscribed to ransomware');
    expect(posts[0]!.activityId).toMatch(/^f:press-/);
  });

  it('answers an unknown button payload without calling the core', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const press = buttonPress(server.connector.url, 'subscribe_topic', 'x');
    press.value = { action: 'drop_tables', value: 'x' };
    await server.send(press);
    expect(sink.actions).toEqual([]);
    expect(visibleText(server.connector.posts())).toMatch(/no longer supported/);
  });

  it('welcomes on install, and an uninstall deactivates the reference and the channel', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const channelId = `teams:${TENANT}:19:0a1b2c3d4e5f6a7b@thread.tacv2`;
    expect(await server.send(fixture('conversation-update-bot-added', server.connector.url))).toBe(200);
    expect(visibleText(server.connector.posts())).toMatch(/^Hi! I post multilingual cyber-policy news digests here/);
    expect((await server.store.conversations.get(channelId))?.active).toBe(true);
    // A second channel of the same team, known from a message there.
    await server.send(channelMessage(server.connector.url, 'help'));
    await server.store.channels.getOrCreate(`teams:${TENANT}:${CHANNEL}`, server.clock.now());
    expect(await server.send(fixture('conversation-update-bot-removed', server.connector.url))).toBe(200);
    expect((await server.store.conversations.get(channelId))?.active).toBe(false);
    expect((await server.store.conversations.get(`teams:${TENANT}:${CHANNEL}`))?.active).toBe(false);
    expect((await server.store.channels.get(`teams:${TENANT}:${CHANNEL}`))?.disabledReason).toBe('teams: the bot was removed from this conversation');
    // Nothing is posted on uninstall (the bot can no longer post there).
    expect(server.connector.posts()).toHaveLength(2);
  });

  it('an installationUpdate remove in personal chat stops deliveries there', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    await server.send(personalMessage(server.connector.url, 'help'));
    expect(await server.send(fixture('installation-update-remove', server.connector.url))).toBe(200);
    expect((await server.store.conversations.get(`teams:${TENANT}:${PERSONAL}`))?.active).toBe(false);
    await expect(server.instance.transport!.post(`teams:${TENANT}:${PERSONAL}`, textReply('digest', 'channel'))).rejects.toMatchObject({
      name: 'PermanentDeliveryError',
    });
  });

  it('refuses bodies that are not activities', async () => {
    server = await startTeamsServer({ sink: new RecordingSink(), store });
    const bad = await fetch(`${server.url}/api/messages`, { method: 'POST', body: 'nope', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(await server.send({ text: 'no type' })).toBe(400);
    expect(server.connector.calls).toEqual([]);
  });

  it('says in its description that it runs unauthenticated on loopback without an app id', async () => {
    server = await startTeamsServer({ sink: new RecordingSink(), store });
    expect(server.instance.describe()).toBe('teams: POST /api/messages (no MicrosoftAppId: loopback requests only, unauthenticated)');
  });
});
