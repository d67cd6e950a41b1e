import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import type { LearnedRatePort } from '../../src/platform/adapter-ports.js';
import type { WorkspaceRateMemory } from './post-rate-limiter.js';
import { SLACK_PLATFORM } from './slack-channel.js';

/**
 * Each workspace's learned posting limit, kept in the store (SLACK_LEARNED_RATE_DAYS). Slack does not
 * publish a workspace's rate and every 429 holds the whole workspace back for its Retry-After, so a
 * fan-out that starts cold loses a second or two per limit it meets; kept, the next scheduled fan-out
 * (or the one after a restart) starts at the known rate. A kept rate older than `maxAgeMs` is dropped,
 * so a limit Slack has since raised is probed again from the configured rate.
 */
export class LearnedWorkspaceRates implements WorkspaceRateMemory {
  /** Per workspace, the save in flight: saves go in order, so the last rate learned is the one kept. */
  private readonly saving = new Map<string, Promise<void>>();
  private warned = false;

  constructor(
    private readonly deps: { port: LearnedRatePort; clock: Clock; maxAgeMs: number; logger: Logger },
  ) {}

  async recall(workspace: string): Promise<number | null> {
    if (this.deps.maxAgeMs <= 0) return null;
    try {
      const kept = await this.deps.port.get(SLACK_PLATFORM, workspace);
      if (!kept || this.deps.clock.now().getTime() - kept.learnedAt.getTime() > this.deps.maxAgeMs) return null;
      return kept.perSecond;
    } catch (err) {
      this.warn(err);
      return null;
    }
  }

  remember(workspace: string, perSecond: number): void {
    if (this.deps.maxAgeMs <= 0) return;
    const at = this.deps.clock.now();
    const previous = this.saving.get(workspace) ?? Promise.resolve();
    const next = previous.then(() => this.deps.port.save(SLACK_PLATFORM, workspace, perSecond, at)).catch((err: unknown) => this.warn(err));
    this.saving.set(workspace, next);
    void next.then(() => {
      if (this.saving.get(workspace) === next) this.saving.delete(workspace);
    });
  }

  /** Resolves when every save handed over so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.saving.values()]);
  }

  private warn(err: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'slack: learned workspace rates could not be read or kept; starting from the configured rate');
  }
}
