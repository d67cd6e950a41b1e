import { afterAll, beforeAll } from 'vitest';
import { runAdapterContract } from '../contract/adapter-contract.js';
import { closeSeededStore, seededStore, startTeamsHarness } from './teams-harness.js';

// Seeding (PGlite, the analyzer, the samples) is slow on a busy machine: do it once, before the suite.
beforeAll(() => seededStore().then(() => undefined), 180_000);
afterAll(() => closeSeededStore());

runAdapterContract('teams', startTeamsHarness);
