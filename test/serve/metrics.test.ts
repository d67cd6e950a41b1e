import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/server/metrics.js';

describe('metrics', () => {
  it('exposes deliveries sent and failed, queue depth, command latency and feed fetch errors', async () => {
    let depth = 7;
    const metrics = createMetrics({ queueDepth: async () => depth });
    metrics.recordDelivery('sent', 'slack:T1:C1');
    metrics.recordDelivery('recovered', 'slack:T1:C2');
    metrics.recordDelivery('dead', 'teams:t:19:x');
    metrics.recordDelivery('retry', 'demo:1');
    metrics.commandLatency.observe({ platform: 'slack' }, 0.02);
    metrics.feedFetchErrors.inc();
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('cyberpolicy_deliveries_sent_total{platform="slack"} 2');
    expect(body).toContain('cyberpolicy_deliveries_failed_total{platform="teams",kind="dead"} 1');
    expect(body).toContain('cyberpolicy_delivery_retries_total{platform="demo"} 1');
    expect(body).toContain('cyberpolicy_delivery_queue_depth 7');
    expect(body).toContain('cyberpolicy_command_duration_seconds_count{platform="slack"} 1');
    expect(body).toContain('cyberpolicy_feed_fetch_errors_total 1');
    depth = 0;
    expect((await metrics.render()).body).toContain('cyberpolicy_delivery_queue_depth 0');
  });

  it('a failing database reports queue depth -1 instead of failing the scrape', async () => {
    const metrics = createMetrics({ queueDepth: async () => Promise.reject(new Error('down')) });
    expect((await metrics.render()).body).toContain('cyberpolicy_delivery_queue_depth -1');
  });
});
