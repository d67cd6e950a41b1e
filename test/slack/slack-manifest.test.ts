import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BOT_SCOPES } from '../../adapters/slack/slack-oauth.js';
import { COMMAND_CATALOG, COMMAND_KEYWORDS } from '../../src/commands/command-catalog.js';
import { helpReply } from '../../src/commands/help-text.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { packageRoot } from '../../src/package-root.js';

const REQUEST_URL = 'https://your-host.example/slack/events';

// The parts of Slack's app manifest schema we rely on, with Slack's documented length limits.
const ManifestSchema = z.object({
  _metadata: z.object({ major_version: z.literal(2), minor_version: z.number().int() }),
  display_information: z.object({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    background_color: z.string().regex(/^#[0-9a-f]{6}$/i),
    long_description: z.string().min(174).max(4000),
  }),
  features: z.object({
    bot_user: z.object({ display_name: z.string().regex(/^[a-z0-9._-]{1,80}$/), always_online: z.boolean() }),
    app_home: z.object({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean(), messages_tab_read_only_enabled: z.boolean() }),
    slash_commands: z
      .array(
        z.object({
          command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
          url: z.string().url(),
          description: z.string().min(1).max(2000),
          usage_hint: z.string().min(1).max(1000),
          should_escape: z.boolean(),
        }),
      )
      .length(1),
  }),
  oauth_config: z.object({ redirect_urls: z.array(z.string().url()), scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string().url(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.literal(true), request_url: z.string().url() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.literal(false),
  }),
});

const manifest = ManifestSchema.parse(JSON.parse(readFileSync(`${packageRoot()}/manifest.json`, 'utf8')));
const slash = manifest.features.slash_commands[0]!;

describe('Slack app manifest', () => {
  it('declares /cyberpolicy, the bot scopes, interactivity, the App Home tab, its event, the uninstall and channel-join events and Socket Mode', () => {
    expect(slash.command).toBe('/cyberpolicy');
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'chat:write.public', 'channels:read', 'channels:history', 'groups:history', 'users:read']);
    expect(manifest.oauth_config.scopes.bot).toEqual(BOT_SCOPES);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened', 'app_uninstalled', 'tokens_revoked', 'member_joined_channel']);
    // The settings form lives in the App Home tab (app_home_opened publishes it).
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: false, messages_tab_read_only_enabled: false });
    expect([slash.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url]).toEqual([REQUEST_URL, REQUEST_URL, REQUEST_URL]);
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://your-host.example/slack/oauth_redirect']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('names the same commands as the catalog, the help text and the grammar', () => {
    const hinted = slash.usage_hint.split('|').map((alt) => alt.trim().split(' ')[0]!);
    expect(hinted[0]).toBe('<topic>');
    expect(hinted.slice(1)).toEqual([...COMMAND_KEYWORDS]);
    const help = helpReply('en').blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    for (const keyword of COMMAND_KEYWORDS) expect(help).toMatch(new RegExp(`^${keyword}\\b`, 'm'));
    for (const entry of COMMAND_CATALOG) {
      const parsed = parseCommand(entry.example);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.command.name.startsWith(entry.name)).toBe(true);
    }
    // Every alternative in the usage hint parses (placeholders filled in).
    for (const alt of slash.usage_hint.split('|')) {
      const example = alt.trim().replace('<topic>', 'paris-call').replace('<words>', 'Kaspersky').replace(/\[post\]/, 'post');
      expect(parseCommand(example).ok).toBe(true);
    }
  });
});
