import type { SessionQuery } from './database.js';
import { packItemBody } from './item-body.js';
import type { EntityMention } from '../items/item.js';

/** The name this step is recorded under in schema_migrations, once it has run. */
export const PACK_ITEM_BODIES = '0013_item_bodies.pack';

/**
 * Moves the content, summary and entities of rows written before migration 0013 into their body
 * (src/store/item-body.ts), in id order, a batch at a time. Each row changes in one UPDATE that
 * writes the body and empties the three columns together, and only while it still has no body and
 * the same content hash, so an item re-imported meanwhile is left as its writer stored it. Stopped
 * halfway, it resumes where rows are still unpacked. Returns how many rows it packed.
 */
export async function packItemBodies(query: SessionQuery, batchSize = 500): Promise<number> {
  let packed = 0;
  let after = '';
  for (;;) {
    const rows = (await query(`SELECT id, content, summary, entities, content_hash, body IS NULL AS unpacked FROM items WHERE id > $1 ORDER BY id LIMIT ${batchSize}`, [after])) as {
      id: string;
      content: string;
      summary: string[];
      entities: EntityMention[];
      content_hash: string;
      unpacked: boolean;
    }[];
    if (rows.length === 0) return packed;
    after = rows.at(-1)!.id;
    const todo = rows.filter((r) => r.unpacked);
    if (todo.length === 0) continue;
    const done = await query(
      `UPDATE items SET body = decode(u.body, 'base64'), content = '', summary = '[]', entities = '[]'
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, hash, body)
        WHERE items.id = u.id AND items.body IS NULL AND items.content_hash = u.hash
        RETURNING items.id`,
      [todo.map((r) => r.id), todo.map((r) => r.content_hash), todo.map((r) => packItemBody({ content: r.content, summary: r.summary, entities: r.entities }).toString('base64'))],
    );
    packed += done.length;
  }
}
