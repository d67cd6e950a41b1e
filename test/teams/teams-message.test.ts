import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { InboundActivitySchema } from '../../adapters/teams/activity.js';
import { baseConversationId, channelIdOf, commandTextOf, installChangeOf, referenceOf, submittedActionOf } from '../../adapters/teams/teams-message.js';
import { BOT_ID, TENANT, fixture, personalMessage } from './teams-test-kit.js';

const parse = (value: unknown) => InboundActivitySchema.parse(value);

describe('reading Teams activities', () => {
  it('needs an @mention in group chats, strips it, and keeps threads on their channel id', () => {
    const group = parse({
      ...fixture('personal-message', 'http://127.0.0.1:1'),
      text: 'list',
      conversation: { id: '19:meeting_abc@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: TENANT },
    });
    expect(commandTextOf(group)).toBeNull();
    const mentioned = parse({ ...group, text: '<at>cyberpolicy</at>&nbsp;list', entities: [{ type: 'mention', text: '<at>cyberpolicy</at>', mentioned: { id: BOT_ID, name: 'cyberpolicy' } }] });
    expect(commandTextOf(mentioned)).toBe('list');
    // Mentioning someone else is not addressing the bot.
    const other = parse({ ...group, text: '<at>Grace</at> list', entities: [{ type: 'mention', text: '<at>Grace</at>', mentioned: { id: '29:grace', name: 'Grace' } }] });
    expect(commandTextOf(other)).toBeNull();
    expect(baseConversationId('19:abc@thread.tacv2;messageid=1764331200123')).toBe('19:abc@thread.tacv2');
    expect(channelIdOf(parse(fixture('channel-message-mention', 'http://x')))).toBe(`teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`);
  });

  it('reads button presses only in our shape', () => {
    const press = parse(fixture('card-submit-channel', 'http://x'));
    expect(submittedActionOf(press)).toEqual({ id: 'subscribe_topic', value: 'ransomware' });
    expect(submittedActionOf(parse({ ...press, value: { action: 'subscribe_topic', value: 'x'.repeat(201) } }))).toBeNull();
    expect(submittedActionOf(parse({ ...press, value: 'subscribe_topic' }))).toBeNull();
  });

  it('recognises installs and uninstalls in their Teams shapes', () => {
    expect(installChangeOf(parse(fixture('conversation-update-bot-added', 'http://x')))).toBe('installed');
    expect(installChangeOf(parse(fixture('conversation-update-bot-removed', 'http://x')))).toBe('uninstalled');
    expect(installChangeOf(parse(fixture('installation-update-remove', 'http://x')))).toBe('uninstalled');
    expect(installChangeOf(parse({ ...fixture('installation-update-remove', 'http://x'), action: 'add-upgrade' }))).toBe('installed');
    const someoneElse = fixture('conversation-update-bot-added', 'http://x');
    someoneElse.membersAdded = [{ id: '29:new-colleague' }];
    expect(installChangeOf(parse(someoneElse))).toBeNull();
    expect(installChangeOf(parse(personalMessage('http://x', 'help')))).toBeNull();
  });

  it('keeps no reference without a usable serviceUrl or tenant', () => {
    const message = personalMessage('http://127.0.0.1:1', 'help');
    expect(referenceOf(parse({ ...message, serviceUrl: 'not a url' }))).toBeNull();
    expect(referenceOf(parse({ ...message, channelData: {}, conversation: { id: 'a:x', conversationType: 'personal' } }))).toBeNull();
    expect(referenceOf(parse(message))).toEqual({
      serviceUrl: 'http://127.0.0.1:1/',
      channelId: 'msteams',
      tenantId: TENANT,
      conversation: { id: 'a:1pErSoNaLcHaTiD0123456789abcdefABCDEF', conversationType: 'personal' },
      bot: { id: BOT_ID, name: 'cyberpolicy' },
    });
  });
});

describe('the botbuilder seam', () => {
  it('only adapters/teams/bot-framework.ts imports botbuilder', () => {
    const dir = join(packageRoot(), 'adapters/teams');
    const importers = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from\s+['"](botbuilder|botframework-[a-z]+|@microsoft\/agents)|import\(\s*['"](botbuilder|botframework-[a-z]+|@microsoft\/agents)/.test(readFileSync(join(dir, f), 'utf8')));
    expect(importers).toEqual(['bot-framework.ts']);
  });
});
