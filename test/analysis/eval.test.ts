import { beforeAll, describe, expect, it } from 'vitest';
import { GOALS, readLabelledItems, runEvaluation, type EvalReport } from '../eval/evaluate.js';

/** The labelled evaluation must meet the goals: a regression in any stage fails here. */
let report: EvalReport;
beforeAll(async () => {
  report = await runEvaluation();
}, 120_000);

describe('evaluation on test/fixtures/eval/items.jsonl', () => {
  it('has a real labelled set: ≥ 150 items in ≥ 10 languages, ≥ 10 stories told in two or more languages', () => {
    const items = readLabelledItems();
    expect(items.length).toBeGreaterThanOrEqual(150);
    expect(new Set(items.map((i) => i.label.lang)).size).toBeGreaterThanOrEqual(10);
    const langsByStory = new Map<string, Set<string>>();
    for (const i of items) if (i.label.story) langsByStory.set(i.label.story, (langsByStory.get(i.label.story) ?? new Set()).add(i.label.lang));
    expect([...langsByStory.values()].filter((l) => l.size >= 2).length).toBeGreaterThanOrEqual(10);
  });

  it(`language accuracy ≥ ${GOALS.language}`, () => {
    expect(report.overall.language).toBeGreaterThanOrEqual(GOALS.language);
  });

  it(`main-topic accuracy ≥ ${GOALS.mainTopic}`, () => {
    expect(report.overall.mainTopic).toBeGreaterThanOrEqual(GOALS.mainTopic);
  });

  it(`topic micro-F1 ≥ ${GOALS.topicF1}`, () => {
    expect(report.overall.topicF1).toBeGreaterThanOrEqual(GOALS.topicF1);
  });

  it(`story pairwise F1 ≥ ${GOALS.storyF1}`, () => {
    expect(report.overall.storyF1).toBeGreaterThanOrEqual(GOALS.storyF1);
  });
});
