import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import type { SecretBox } from './secret-box.js';
import { installations } from './schema.js';

/** Platform installations (tokens); their JSON is sealed with ENCRYPTION_KEY when one is set. */
export class InstallationRepository {
  constructor(
    private readonly database: Database,
    private readonly box: SecretBox,
  ) {}

  async save(id: string, platform: string, data: unknown, now: Date): Promise<void> {
    const sealed = this.box.seal(JSON.stringify(data));
    await this.database.db
      .insert(installations)
      .values({ id, platform, data: sealed, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: installations.id, set: { data: sealed, updatedAt: now } });
  }

  async get<T = unknown>(id: string): Promise<T | null> {
    const rows = await this.database.db.select().from(installations).where(eq(installations.id, id)).limit(1);
    return rows[0] ? (JSON.parse(this.box.open(rows[0].data)) as T) : null;
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.database.db.delete(installations).where(eq(installations.id, id)).returning({ id: installations.id });
    return rows.length > 0;
  }

  /** The raw stored text (tests check it is not plaintext). */
  async rawData(id: string): Promise<string | null> {
    const rows = await this.database.db.select({ data: installations.data }).from(installations).where(eq(installations.id, id));
    return rows[0]?.data ?? null;
  }
}
