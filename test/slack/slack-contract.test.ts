import { afterAll, beforeAll } from 'vitest';
import { runAdapterContract } from '../contract/adapter-contract.js';
import { closeSeededStore, seededStore, startSlackHarness } from './slack-harness.js';

// Seeding (PGlite, the analyzer, the samples) is slow on a busy machine: do it once, before the suite.
beforeAll(() => seededStore().then(() => undefined), 180_000);
afterAll(() => closeSeededStore());

runAdapterContract('slack', startSlackHarness);
