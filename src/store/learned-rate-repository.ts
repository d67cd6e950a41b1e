import type { Database } from './database.js';

export interface LearnedRate {
  perSecond: number;
  learnedAt: Date;
}

/** Posting limits the adapters learned from the platforms' answers (migration 0015), one per platform and scope. */
export class LearnedRateRepository {
  constructor(private readonly database: Database) {}

  async get(platform: string, scope: string): Promise<LearnedRate | null> {
    const rows = await this.database.query<{ per_second: number; learned_at: Date | string }>(
      `SELECT per_second, learned_at FROM learned_rates WHERE platform = $1 AND scope = $2`,
      [platform, scope],
    );
    const row = rows[0];
    return row ? { perSecond: Number(row.per_second), learnedAt: new Date(row.learned_at) } : null;
  }

  async save(platform: string, scope: string, perSecond: number, learnedAt: Date): Promise<void> {
    await this.database.query(
      `INSERT INTO learned_rates (platform, scope, per_second, learned_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, scope) DO UPDATE SET per_second = EXCLUDED.per_second, learned_at = EXCLUDED.learned_at`,
      [platform, scope, perSecond, learnedAt.toISOString()],
    );
  }
}
