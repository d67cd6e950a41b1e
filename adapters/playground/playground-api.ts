import { z } from 'zod';
import { systemClock, type Clock } from '../../src/clock.js';
import { errorMessage } from '../../src/errors.js';
import { failingSince } from '../../src/ingest/source-health.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { DEMO_PLATFORM, demoChannelId, platformUserId, tryParseChannelId } from '../../src/platform/channel-id.js';
import { ACTION_IDS } from '../../src/replies/action-ids.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { sourceName } from '../../src/replies/story-view.js';
import { dateSource } from '../../src/items/item.js';
import { jsonResponse } from '../../src/server/http-server.js';
import type { PluginContext } from '../../src/server/platform-plugin.js';
import type { ChannelLanguagePort, NewsroomPort } from '../../src/platform/adapter-ports.js';
import { DEFAULT_UI_LANG, uiLanguages } from '../../src/i18n/t.js';
import { languageName, textDirection } from '../../src/i18n/intl-format.js';
import { renderBlockKit } from '../slack/block-kit-renderer.js';
import { renderHomeView } from '../slack/app-home-view.js';
import { renderAdaptiveCards } from '../teams/adaptive-card-renderer.js';
import { renderSettingsCard, settingsSubmitOf } from '../teams/settings-card.js';
import { saveSettings } from '../../src/platform/settings-flow.js';

/** Demo channels offered in the picker; any demo:<name> works. */
export const DEMO_CHANNELS = ['newsroom', 'policy-team', 'security-ops'].map(demoChannelId);

const channelField = z
  .string()
  .max(80)
  .refine((id) => tryParseChannelId(id)?.platform === DEMO_PLATFORM, 'must be a demo:<name> channel');

const CommandBody = z.object({ channel: channelField, text: z.string().max(10_000) });
const ActionBody = z.object({
  channel: channelField,
  actionId: z.enum(ACTION_IDS),
  value: z.string().max(400),
});
// A settings change from the page: the Slack App Home pane sends the fields it changed, the Teams pane
// the settings card's submitted data (read exactly as the Teams adapter reads it).
const SettingsBody = z.object({
  channel: channelField,
  change: z
    .object({
      topics: z.array(z.string().max(80)).max(100).optional(),
      day: z.string().max(16).optional(),
      time: z.string().max(8).optional(),
      zone: z.string().max(64).optional(),
      language: z.string().max(16).optional(),
      unfollow: z.array(z.string().max(400)).max(50).optional(),
    })
    .optional(),
  teams: z.record(z.string(), z.unknown()).optional(),
});
const ItemFilter = z.object({
  topic: z.string().max(80).optional(),
  lang: z.string().max(8).optional(),
  source: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(60),
});

/**
 * The rendering of one reply as each platform adapter would send it. The `settings` answer is shown
 * as its two forms: Slack's App Home tab (`home: true`) and the Teams settings card, with `notice`
 * (what the last save's commands answered) above both.
 */
export function renderEverywhere(doc: ReplyDocument, channel = '', notice: readonly string[] = []) {
  if (doc.settings) {
    const home = renderHomeView(doc.settings, channel, notice);
    return { doc, slack: [{ text: doc.fallbackText, blocks: home.blocks, home: true }], teams: [renderSettingsCard(doc.settings, notice)] };
  }
  return { doc, slack: renderBlockKit(doc), teams: renderAdaptiveCards(doc) };
}

async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

function badRequest(error: z.ZodError): Response {
  const issue = error.issues[0]!;
  return jsonResponse({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` }, 400);
}

type DemoPosts = NonNullable<PluginContext['demoPosts']>;

/** The machine translation the server runs with, as the page labels it (a demonstration is said to be one). */
export interface PlaygroundTranslation {
  provider: string;
  demo: boolean;
}

/** `clock` (default: the system's) decides which sources have failed for a day. */
export function createPlaygroundApi(deps: {
  sink: CommandSink;
  newsroom: NewsroomPort;
  demoPosts?: DemoPosts;
  clock?: Clock;
  /** Reads a demo channel's language for the selector (setting it is the `language` command's job). */
  languages?: ChannelLanguagePort;
  translation?: PlaygroundTranslation | null;
}) {
  const now = () => (deps.clock ?? systemClock).now();
  const origin = (channelId: string) => ({ channelId, userId: platformUserId(DEMO_PLATFORM, 'you'), isAdmin: true });
  return {
    async command(request: Request): Promise<Response> {
      const body = CommandBody.safeParse(await readJson(request));
      if (!body.success) return badRequest(body.error);
      const doc = await deps.sink.processCommand(origin(body.data.channel), body.data.text);
      return jsonResponse(renderEverywhere(doc, body.data.channel));
    },

    async action(request: Request): Promise<Response> {
      const body = ActionBody.safeParse(await readJson(request));
      if (!body.success) return badRequest(body.error);
      const doc = await deps.sink.processAction(origin(body.data.channel), { id: body.data.actionId, value: body.data.value });
      return jsonResponse(renderEverywhere(doc));
    },

    /** Saves the settings form through the same typed commands as Slack's App Home and the Teams card. */
    async settings(request: Request): Promise<Response> {
      const body = SettingsBody.safeParse(await readJson(request));
      if (!body.success) return badRequest(body.error);
      const fromTeams = body.data.teams ? settingsSubmitOf({ type: 'message', value: body.data.teams }) : null;
      if (body.data.teams && !fromTeams) return jsonResponse({ error: 'teams: not a settings card submit' }, 400);
      const outcome = await saveSettings(deps.sink, origin(body.data.channel), fromTeams ?? body.data.change ?? {});
      return jsonResponse({ ...renderEverywhere(outcome.doc, body.data.channel, outcome.notice), commands: outcome.commands });
    },

    async items(request: Request): Promise<Response> {
      const params = Object.fromEntries(new URL(request.url).searchParams);
      const filter = ItemFilter.safeParse(params);
      if (!filter.success) return badRequest(filter.error);
      const { topic, lang, source, limit } = filter.data;
      try {
        const items = await deps.newsroom.items({ topic: topic || undefined, lang: lang || undefined, sourceId: source || undefined, limit });
        const [languages, total] = await Promise.all([deps.newsroom.languages(), deps.newsroom.itemCount()]);
        return jsonResponse({
          total,
          languages,
          items: items.map((i) => ({
            id: i.id,
            source: i.sourceId,
            // Readable: the operator's or feed's name, the link's host, or the file's name; never a hash.
            sourceName: sourceName(i.sourceId, i.url, i.sourceName ?? null),
            title: i.title,
            url: i.url,
            published: i.published?.toISOString() ?? null,
            dateSource: dateSource(i),
            lang: i.analysis.lang,
            topics: i.analysis.topics,
            entities: i.analysis.entities,
            summary: i.analysis.summary,
            story: i.analysis.story,
          })),
        });
      } catch (err) {
        return jsonResponse({ error: errorMessage(err) }, 500);
      }
    },

    async sources(): Promise<Response> {
      const [rows, imported] = await Promise.all([deps.newsroom.sources(), deps.newsroom.itemsPerSource()]);
      const at = now();
      return jsonResponse({
        polled: rows.map((s) => ({
          url: s.url,
          title: s.title,
          lastFetchAt: s.lastFetchAt?.toISOString() ?? null,
          lastStatus: s.lastStatus,
          lastError: s.lastError,
          errorCount: s.errorCount,
          nextPollAt: s.nextPollAt?.toISOString() ?? null,
          itemCount: s.itemCount,
          // Set only once fetches have failed for a day (src/ingest/source-health.ts), as `sources` says it.
          failingSince: failingSince(s, at)?.toISOString() ?? null,
        })),
        imported: imported.map((r) => ({ source: r.source, name: sourceName(r.source, null, r.name), items: r.items })),
      });
    },

    /** Digests the scheduler delivered to a demo channel (`digest post`, schedules), newest last. */
    posted(request: Request): Response {
      const channel = channelField.safeParse(new URL(request.url).searchParams.get('channel') ?? '');
      if (!channel.success) return badRequest(channel.error);
      const posts = deps.demoPosts?.recent(channel.data) ?? [];
      return jsonResponse({ posts: posts.slice(-5).map((p) => ({ id: p.messageId, at: p.at.toISOString(), ...renderEverywhere(p.doc) })) });
    },

    /** The demo channels, the languages the selector offers (each named in itself), and the translation mode. */
    channels(): Response {
      const languages = uiLanguages().map((code) => ({ code, name: languageName(code, code), dir: textDirection(code) }));
      return jsonResponse({ channels: DEMO_CHANNELS, languages, translation: deps.translation ?? null });
    },

    /** One demo channel's language: what the selector shows (English until the channel chose one). */
    async channel(request: Request): Promise<Response> {
      const channel = channelField.safeParse(new URL(request.url).searchParams.get('channel') ?? '');
      if (!channel.success) return badRequest(channel.error);
      const lang = (await deps.languages?.get(channel.data)) ?? DEFAULT_UI_LANG;
      return jsonResponse({ channel: channel.data, lang, dir: textDirection(lang) });
    },
  };
}
