import type { Database } from './database.js';

/** One cached machine translation: an item's field ('title', 'summary.0', …) in a target language. */
export interface StoredTranslation {
  itemId: string;
  field: string;
  lang: string;
  text: string;
  provider: string;
}

/** Machine translations cached per item, field and language (migration 0007). */
export class TranslationRepository {
  constructor(private readonly database: Database) {}

  /** The cached translations of these items into `lang`, all fields. */
  async find(itemIds: readonly string[], lang: string): Promise<StoredTranslation[]> {
    if (itemIds.length === 0) return [];
    const rows = await this.database.query<{ item_id: string; field: string; lang: string; text: string; provider: string }>(
      `SELECT item_id, field, lang, text, provider FROM translations WHERE lang = $1 AND item_id = ANY($2::text[])`,
      [lang, [...new Set(itemIds)]],
    );
    return rows.map((r) => ({ itemId: r.item_id, field: r.field, lang: r.lang, text: r.text, provider: r.provider }));
  }

  /** Stores translations; a row already there is kept (the first translation stands). */
  async save(rows: readonly StoredTranslation[]): Promise<void> {
    if (rows.length === 0) return;
    const params: unknown[] = [];
    const values = rows.map((r, i) => {
      params.push(r.itemId, r.field, r.lang, r.text, r.provider);
      const b = i * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
    });
    await this.database.query(
      `INSERT INTO translations (item_id, field, lang, text, provider) VALUES ${values.join(', ')} ON CONFLICT (item_id, field, lang) DO NOTHING`,
      params,
    );
  }
}
