import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { CHANNEL, TENANT, buttonPress, clearTeamsState, startTeamsServer, type TeamsServer } from './teams-test-kit.js';

class RecordingSink implements CommandSink {
  readonly actions: { origin: CommandOrigin; id: string; value: string }[] = [];
  async processCommand(): Promise<ReplyDocument> {
    return textReply('unused');
  }
  async processAction(origin: CommandOrigin, action: { id: string; value: string }): Promise<ReplyDocument> {
    this.actions.push({ origin, ...action });
    return textReply(`Subscribed to ${action.value}`);
  }
}

/** An invoke as Teams sends it: the card-press fixture turned into type invoke with `name` and `value`. */
function invoke(serviceUrl: string, name: string, value: unknown): Record<string, unknown> {
  const activity = buttonPress(serviceUrl, 'subscribe_topic', 'unused') as Record<string, unknown>;
  return { ...activity, type: 'invoke', name, value };
}

/** Every invoke Teams may send this app is answered (never the SDK's 501), with the AdaptiveCardInvokeResponse contract. */
describe('Teams invokes (POST /api/messages)', () => {
  let server: TeamsServer | null = null;
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
  }, 180_000);
  afterAll(() => store.close());
  afterEach(async () => {
    await server?.close();
    server = null;
    await clearTeamsState(store);
  });

  async function post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${server!.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  it('adaptiveCard/action (Action.Execute) runs the button through the core and answers 200 with a message; the card stays', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const value = { action: { type: 'Action.Execute', verb: 'subscribe_topic', data: { action: 'subscribe_topic', value: 'paris-call' } }, trigger: 'manual' };
    expect(await post(invoke(server.connector.url, 'adaptiveCard/action', value))).toEqual({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Subscribed to paris-call' },
    });
    expect(sink.actions.map((a) => [a.origin.channelId, a.origin.userId, a.id, a.value])).toEqual([[`teams:${TENANT}:${CHANNEL}`, 'teams:6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', 'subscribe_topic', 'paris-call']]);
    // The answer is the HTTP response itself: nothing is posted to the conversation.
    expect(server.connector.posts()).toEqual([]);
  });

  it('an Action.Execute this bot does not know gets 200 with a message saying so', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const value = { action: { type: 'Action.Execute', verb: 'doSomethingElse', data: { foo: 1 } }, trigger: 'manual' };
    expect(await post(invoke(server.connector.url, 'adaptiveCard/action', value))).toEqual({
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'This button is no longer supported. Type "help" to see what I can do.' },
    });
    expect(sink.actions).toEqual([]);
  });

  it('healthCheck gets its health results, and any other invoke name 200 with no body (never 501)', async () => {
    server = await startTeamsServer({ sink: new RecordingSink(), store });
    expect(await post(invoke(server.connector.url, 'healthCheck', {}))).toEqual({ status: 200, body: { healthResults: { success: true, messages: ['cyberpolicy is up'] } } });
    for (const name of ['task/fetch', 'config/fetch', 'signin/verifyState', 'composeExtension/query', 'some/futureInvoke']) {
      expect({ name, ...(await post(invoke(server.connector.url, name, {}))) }).toEqual({ name, status: 200, body: null });
    }
  });
});
