import type { AnalyzedItem } from '../items/item.js';

/**
 * The few typed operations adapters may do on the database, instead of the whole Store (implemented in
 * src/store/adapter-ports.ts). Adapters never import src/store/ (test/boundary.test.ts).
 */
export interface AdapterPorts {
  installations: InstallationPort;
  conversations: ConversationPort;
  channels: ChannelLifecyclePort;
  languages: ChannelLanguagePort;
  newsroom: NewsroomPort;
  learnedRates: LearnedRatePort;
}

/**
 * A platform's posting limit as an adapter learned it from the platform's answers (429 and
 * Retry-After), kept across fan-outs and restarts: per platform and scope (a Slack workspace), the
 * rate and when the answers set it. The adapter decides when a kept rate is too old to trust.
 */
export interface LearnedRatePort {
  get(platform: string, scope: string): Promise<{ perSecond: number; learnedAt: Date } | null>;
  save(platform: string, scope: string, perSecond: number, learnedAt: Date): Promise<void>;
}

/**
 * A channel's reading language, as adapters need it: the playground shows it beside its selector, and
 * the Slack adapter starts a never-used channel in its user's locale. Changing it is the `language`
 * command's job (through the CommandSink), never an adapter's.
 */
export interface ChannelLanguagePort {
  /** The channel's language code, or null when the channel was never used (its language is not set yet). */
  get(channelId: string): Promise<string | null>;
  /** Starts a never-used channel in `lang` (a shipped UI language); never changes a channel that exists. True when it did. */
  startIn(channelId: string, lang: string, now: Date): Promise<boolean>;
}

/** Platform installations (OAuth tokens), sealed with ENCRYPTION_KEY when one is set. */
export interface InstallationPort {
  save(id: string, platform: string, data: unknown, now: Date): Promise<void>;
  get<T = unknown>(id: string): Promise<T | null>;
  /** True when there was one to delete. */
  delete(id: string): Promise<boolean>;
}

/** Conversation references for proactive posts (Teams), kept per channel id. */
export interface ConversationPort {
  get(channelId: string): Promise<{ reference: Record<string, unknown>; active: boolean } | null>;
  save(channelId: string, reference: Record<string, unknown>, now: Date): Promise<void>;
  deactivate(channelId: string, now: Date): Promise<void>;
  /** Channel ids whose stored reference belongs to this team of this tenant. */
  channelsOfTeam(tenantId: string, teamId: string): Promise<string[]>;
}

/**
 * What an install, an uninstall or a removal does to channels: a disabled channel gets no digest until
 * re-enabled. `onlyIf` re-enables only what that reason disabled (an archived channel stays off).
 */
export interface ChannelLifecyclePort {
  /** Workspace (or team) uninstalled: disables every channel of it; returns how many. */
  disableWorkspace(platform: string, workspace: string, reason: string, now: Date): Promise<number>;
  /** Reinstalled: re-enables the workspace's channels that `onlyIf` had disabled; returns how many. */
  enableWorkspace(platform: string, workspace: string, onlyIf: string, now: Date): Promise<number>;
  /** Disables one known channel; false when the channel was never used. */
  disableChannel(channelId: string, reason: string, now: Date): Promise<boolean>;
  /** Re-enables one channel if `onlyIf` disabled it. */
  enableChannel(channelId: string, onlyIf: string, now: Date): Promise<boolean>;
  /** Channel ids of a workspace the bot has settings for, most recently changed first (a settings view's default). */
  recentChannels(platform: string, workspace: string, limit: number): Promise<string[]>;
}

export interface NewsroomItemFilter {
  topic?: string;
  lang?: string;
  sourceId?: string;
  limit: number;
}

/** Read-only views for the playground's newsroom page. */
export interface NewsroomPort {
  items(filter: NewsroomItemFilter): Promise<AnalyzedItem[]>;
  languages(): Promise<{ lang: string; n: number }[]>;
  itemCount(): Promise<number>;
  /** Polled feeds with their fetch state. */
  sources(): Promise<NewsroomSource[]>;
  /** How many items each source id holds (imported files and polled feeds alike), with the name kept for it, if any. */
  itemsPerSource(): Promise<{ source: string; name: string | null; items: number }[]>;
}

export interface NewsroomSource {
  url: string;
  title: string | null;
  lastFetchAt: Date | null;
  lastStatus: string | null;
  lastError: string | null;
  errorCount: number;
  nextPollAt: Date | null;
  itemCount: number;
  /** When the current run of failed fetches began; null after a success. */
  failingSince: Date | null;
}
