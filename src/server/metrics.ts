import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryOutcome } from '../delivery/delivery-worker.js';
import { platformOf } from '../platform/channel-id.js';

/**
 * Prometheus metrics of one process (prom-client). Each `serve` process exposes its own on /metrics;
 * queue depth is read from the shared database at scrape time, so any replica reports the fleet's queue.
 */
export interface Metrics {
  registry: Registry;
  deliveriesSent: Counter<'platform'>;
  deliveriesFailed: Counter<'platform' | 'kind'>;
  deliveryRetries: Counter<'platform'>;
  queueDepth: Gauge;
  commandLatency: Histogram<'platform'>;
  feedFetchErrors: Counter;
  /** Adapter for DeliveryWorkerOptions.onOutcome. */
  recordDelivery(outcome: DeliveryOutcome, channelId: string): void;
  /** Text for GET /metrics. */
  render(): Promise<{ body: string; contentType: string }>;
}

/** `queueDepth` is called on every scrape; a failing database reports -1 rather than failing the scrape. */
export function createMetrics(options: { queueDepth?: () => Promise<number>; defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const deliveriesSent = new Counter({
    name: 'cyberpolicy_deliveries_sent_total',
    help: 'Digests posted (or found already posted on recovery), by platform',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const deliveriesFailed = new Counter({
    name: 'cyberpolicy_deliveries_failed_total',
    help: 'Deliveries given up: kind=failed (retries exhausted) or dead (permanent; channel disabled)',
    labelNames: ['platform', 'kind'] as const,
    registers: [registry],
  });
  const deliveryRetries = new Counter({
    name: 'cyberpolicy_delivery_retries_total',
    help: 'Delivery attempts that failed and were scheduled again',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const queueDepth = new Gauge({
    name: 'cyberpolicy_delivery_queue_depth',
    help: 'Deliveries pending or being sent (all processes)',
    registers: [registry],
    async collect() {
      if (!options.queueDepth) return;
      try {
        this.set(await options.queueDepth());
      } catch {
        this.set(-1);
      }
    },
  });
  const commandLatency = new Histogram({
    name: 'cyberpolicy_command_duration_seconds',
    help: 'Time to answer a chat command or action',
    labelNames: ['platform'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const feedFetchErrors = new Counter({
    name: 'cyberpolicy_feed_fetch_errors_total',
    help: 'Feed polls that failed',
    registers: [registry],
  });
  if (options.defaultMetrics) {
    // Process CPU, memory and event-loop lag, for the operator's dashboards.
    void import('prom-client').then((p) => p.collectDefaultMetrics({ register: registry, prefix: 'cyberpolicy_' }));
  }
  return {
    registry,
    deliveriesSent,
    deliveriesFailed,
    deliveryRetries,
    queueDepth,
    commandLatency,
    feedFetchErrors,
    recordDelivery(outcome, channelId) {
      const platform = platformOf(channelId);
      if (outcome === 'sent' || outcome === 'recovered') deliveriesSent.inc({ platform });
      else if (outcome === 'failed' || outcome === 'dead') deliveriesFailed.inc({ platform, kind: outcome });
      else if (outcome === 'retry') deliveryRetries.inc({ platform });
    },
    async render() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}
