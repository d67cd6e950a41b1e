import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { COMMAND_CATALOG, COMMAND_KEYWORDS } from '../../src/commands/command-catalog.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { createTokenBucketLimiter } from '../../src/commands/rate-limiter.js';
import { topicsCommand } from '../../src/cli/commands/topics.js';
import { silentLogger } from '../../src/logger.js';

describe('command catalog', () => {
  it('has one entry per command, each short enough for Teams and with an example the parser accepts', () => {
    expect(COMMAND_CATALOG.map((e) => e.name)).toEqual(['topic', 'search', 'subscribe', 'unsubscribe', 'list', 'topics', 'digest', 'schedule', 'sources', 'language', 'help', 'follow', 'unfollow', 'why', 'settings']);
    expect(COMMAND_KEYWORDS).toEqual(['search', 'subscribe', 'unsubscribe', 'list', 'topics', 'digest', 'schedule', 'sources', 'language', 'help', 'follow', 'unfollow', 'why', 'settings']);
    for (const entry of COMMAND_CATALOG) {
      expect(entry.description.length).toBeLessThanOrEqual(128);
      expect(entry.name.length).toBeLessThanOrEqual(32);
      const parsed = parseCommand(entry.example);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.command.name.startsWith(entry.name === 'sources' ? 'sources' : entry.name)).toBe(true);
      const help = parseCommand(`help ${entry.name}`);
      expect(help).toEqual({ ok: true, command: { name: 'help', command: entry.name } });
    }
    expect(COMMAND_CATALOG.filter((e) => e.adminOnly).map((e) => e.name)).toEqual(['sources']);
  });
});

describe('token bucket', () => {
  it('refills over time, never above capacity, and a clock going backwards mints nothing', () => {
    const clock = new ManualClock('2026-11-20T12:00:00Z');
    const limiter = createTokenBucketLimiter({ clock, capacity: 2, perMinute: 6 });
    expect(limiter.take('u')).toEqual({ allowed: true });
    expect(limiter.take('u')).toEqual({ allowed: true });
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 10_000 });
    clock.advance(-60_000);
    expect(limiter.take('u')).toEqual({ allowed: false, retryAfterMs: 10_000 });
    clock.advance(60_000 + 10_000);
    expect(limiter.take('u')).toEqual({ allowed: true });
    clock.advance(10 * 60_000);
    expect(limiter.take('u')).toEqual({ allowed: true });
    expect(limiter.take('u')).toEqual({ allowed: true });
    expect(limiter.take('u').allowed).toBe(false);
  });

  it('forgets the least recently seen users beyond maxKeys (memory stays bounded)', () => {
    const clock = new ManualClock('2026-11-20T12:00:00Z');
    const limiter = createTokenBucketLimiter({ clock, capacity: 1, perMinute: 1, maxKeys: 2 });
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(true);
    // "a" was evicted, so it starts with a full bucket again; "c" was not.
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});

describe('cyberpolicy topics', () => {
  it('lists the taxonomy as lines and as JSON', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`), isTTY: false };
    expect(await topicsCommand.run([], { io, env: {}, logger: silentLogger, plugins: [] })).toBe(0);
    expect(out.find((l) => l.startsWith('paris-call '))).toMatch(/^paris-call +Paris Call.*\(.*Appel de Paris/);
    out.length = 0;
    expect(await topicsCommand.run(['--json'], { io, env: {}, logger: silentLogger, plugins: [] })).toBe(0);
    const topics = JSON.parse(out[0]!) as { slug: string; name: string; names: Record<string, string> }[];
    expect(topics.find((t) => t.slug === 'paris-call')!.names.ar).toContain('نداء باريس');
  });
});
