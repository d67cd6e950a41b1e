import { and, desc, eq, sql } from 'drizzle-orm';
import type { AdapterPorts } from '../platform/adapter-ports.js';
import { channels, conversationRefs } from './schema.js';
import type { Store } from './store.js';
import { InputError } from '../errors.js';
import { isUiLanguage } from '../i18n/t.js';

/** The adapters' ports over one store: the only database operations an adapter can reach. */
export function createAdapterPorts(store: Store): AdapterPorts {
  const db = () => store.database.db;

  async function setDisabled(where: ReturnType<typeof and>, reason: string | null, now: Date): Promise<number> {
    const rows = await db().update(channels).set({ disabledReason: reason, updatedAt: now }).where(where).returning({ id: channels.id });
    return rows.length;
  }

  return {
    installations: {
      save: (id, platform, data, now) => store.installations.save(id, platform, data, now),
      get: (id) => store.installations.get(id),
      delete: (id) => store.installations.delete(id),
    },
    conversations: {
      get: (channelId) => store.conversations.get(channelId),
      save: (channelId, reference, now) => store.conversations.save(channelId, reference, now),
      deactivate: (channelId, now) => store.conversations.deactivate(channelId, now),
      async channelsOfTeam(tenantId, teamId) {
        const rows = await db()
          .select({ id: conversationRefs.channelId })
          .from(conversationRefs)
          .where(and(sql`${conversationRefs.reference}->>'teamId' = ${teamId}`, sql`${conversationRefs.reference}->>'tenantId' = ${tenantId}`));
        return rows.map((r) => r.id);
      },
    },
    channels: {
      disableWorkspace: (platform, workspace, reason, now) => setDisabled(and(eq(channels.platform, platform), eq(channels.workspace, workspace)), reason, now),
      enableWorkspace: (platform, workspace, onlyIf, now) =>
        setDisabled(and(eq(channels.platform, platform), eq(channels.workspace, workspace), eq(channels.disabledReason, onlyIf)), null, now),
      async disableChannel(channelId, reason, now) {
        return (await setDisabled(eq(channels.id, channelId), reason, now)) > 0;
      },
      async enableChannel(channelId, onlyIf, now) {
        return (await setDisabled(and(eq(channels.id, channelId), eq(channels.disabledReason, onlyIf)), null, now)) > 0;
      },
      async recentChannels(platform, workspace, limit) {
        const rows = await db()
          .select({ id: channels.id })
          .from(channels)
          .where(and(eq(channels.platform, platform), eq(channels.workspace, workspace)))
          .orderBy(desc(channels.updatedAt), channels.id)
          .limit(limit);
        return rows.map((r) => r.id);
      },
    },
    languages: {
      async get(channelId) {
        return (await store.channels.get(channelId))?.uiLang ?? null;
      },
      async startIn(channelId, lang, now) {
        if (!isUiLanguage(lang)) throw new InputError('channel language', `"${lang}" is not a shipped language`);
        return store.channels.createIfMissing(channelId, now, { uiLang: lang });
      },
    },
    learnedRates: {
      get: (platform, scope) => store.learnedRates.get(platform, scope),
      save: (platform, scope, perSecond, learnedAt) => store.learnedRates.save(platform, scope, perSecond, learnedAt),
    },
    newsroom: {
      items: (filter) => store.items.find(filter),
      languages: () => store.items.languages(),
      itemCount: () => store.items.count(),
      sources: () => store.sources.list(),
      async itemsPerSource() {
        const rows = await store.database.query<{ source_id: string; n: number }>(`SELECT source_id, count(*)::int AS n FROM items GROUP BY source_id ORDER BY source_id`);
        const names = await store.sources.names();
        return rows.map((r) => ({ source: r.source_id, name: names.get(r.source_id) ?? null, items: Number(r.n) }));
      },
    },
  };
}
