import type { Logger } from '../logger.js';
import { ChannelRepository } from './channel-repository.js';
import { ConversationRepository } from './conversation-repository.js';
import { DeliveryRepository } from './delivery-repository.js';
import { openDatabase, type Database, type OpenOptions } from './database.js';
import { InstallationRepository } from './installation-repository.js';
import { ItemRepository } from './item-repository.js';
import { LearnedRateRepository } from './learned-rate-repository.js';
import { SecretBox } from './secret-box.js';
import { SourceRepository } from './source-repository.js';
import { TranslationRepository } from './translation-repository.js';

/** Everything the bot keeps, behind one object; PGlite and PostgreSQL share every query. */
export interface Store {
  database: Database;
  items: ItemRepository;
  sources: SourceRepository;
  channels: ChannelRepository;
  installations: InstallationRepository;
  conversations: ConversationRepository;
  /** The delivery outbox and sent stories (src/delivery). */
  deliveries: DeliveryRepository;
  /** Machine translations of titles and summaries (src/translate). */
  translations: TranslationRepository;
  /** Posting limits learned from the platforms' 429s (kept across restarts). */
  learnedRates: LearnedRateRepository;
  close(): Promise<void>;
}

export interface StoreOptions extends OpenOptions {
  encryptionKey?: string;
  logger?: Logger;
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const database = await openDatabase(options);
  return createStore(database, options.encryptionKey);
}

export function createStore(database: Database, encryptionKey?: string): Store {
  const box = new SecretBox(encryptionKey);
  return {
    database,
    items: new ItemRepository(database),
    sources: new SourceRepository(database),
    channels: new ChannelRepository(database),
    installations: new InstallationRepository(database, box),
    conversations: new ConversationRepository(database),
    deliveries: new DeliveryRepository(database),
    translations: new TranslationRepository(database),
    learnedRates: new LearnedRateRepository(database),
    close: () => database.close(),
  };
}
