/** Small fast deterministic PRNG (mulberry32): generated data and failures reproduce from a seed. One implementation, the trainer's. */
export { seededRandom as prng } from '../../src/analysis/topic-trainer.js';
