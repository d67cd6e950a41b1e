import type { Clock } from '../clock.js';
import type { Transport } from '../delivery/transport.js';
import type { Logger } from '../logger.js';
import type { AdapterPorts } from '../platform/adapter-ports.js';
import type { CommandSink } from '../platform/command-sink.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import type { HttpServer } from './http-server.js';
import type { SharedLimits } from '../limits/shared-limits.js';

/** What the core hands a platform adapter when `serve` starts. */
export interface PluginContext {
  sink: CommandSink;
  /** The database operations adapters may do (never the whole store). */
  ports: AdapterPorts;
  logger: Logger;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  http: HttpServer;
  /**
   * Limits shared by every replica (PostgreSQL or Redis), or null/absent: each adapter keeps its posting
   * limits in memory (PGlite, one process).
   */
  limits?: SharedLimits | null;
  /** Base URL the server is reachable at (for OAuth redirects and logs). */
  publicUrl: string;
  /** What the scheduler delivered to demo:<name> channels (the playground shows it). */
  demoPosts?: { recent(channelId?: string): { channelId: string; doc: ReplyDocument; at: Date; messageId: string }[] };
}

export interface PluginInstance {
  /** Outbound delivery for this platform's channels, when credentials allow posting. */
  transport?: Transport;
  /** A line for the start-up log saying how the plugin runs (mode, endpoints). */
  describe(): string;
  stop(): Promise<void>;
}

/**
 * A platform adapter as the composition root sees it. `start` returns null when the platform is not
 * configured (no credentials and nothing to serve).
 */
export interface PlatformPlugin {
  readonly name: string;
  /** The channel-id prefix this adapter owns (its ids are `<prefix>:<workspace>:<conversation>`), if any. */
  readonly channelPlatform?: string;
  /** True when the environment holds credentials for this platform (the playground turns off then). */
  hasCredentials(env: NodeJS.ProcessEnv): boolean;
  start(context: PluginContext): Promise<PluginInstance | null>;
  /** Extra CLI commands the adapter contributes (e.g. teams-package). Returns the exit code. */
  cliCommands?: Record<string, { summary: string; run(args: string[]): Promise<number> }>;
}
