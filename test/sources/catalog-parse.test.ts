import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.js';

describe('parsing the catalogue forms of `sources`', () => {
  it('reads `sources catalog` with bare or flagged filters', () => {
    expect(parseCommand('sources catalog')).toEqual({ ok: true, command: { name: 'sources-catalog', language: null, kind: null } });
    expect(parseCommand('sources catalog LT')).toEqual({ ok: true, command: { name: 'sources-catalog', language: 'lt', kind: null } });
    expect(parseCommand('sources catalog cert')).toEqual({ ok: true, command: { name: 'sources-catalog', language: null, kind: 'cert' } });
    expect(parseCommand('sources catalog --lang fr --kind national-agency')).toEqual({ ok: true, command: { name: 'sources-catalog', language: 'fr', kind: 'national-agency' } });
  });

  it('reads `sources add catalog:<id>` and `sources add --catalog <group>` (also with an autocorrected dash)', () => {
    expect(parseCommand('sources add catalog:CERT-FR')).toEqual({ ok: true, command: { name: 'sources-add-catalog', target: { id: 'cert-fr' } } });
    expect(parseCommand('sources add --catalog lt')).toEqual({ ok: true, command: { name: 'sources-add-catalog', target: { group: 'lt' } } });
    expect(parseCommand('sources add –catalog news')).toEqual({ ok: true, command: { name: 'sources-add-catalog', target: { group: 'news' } } });
    expect(parseCommand('sources add https://example.org/feed.xml')).toEqual({ ok: true, command: { name: 'sources-add', url: 'https://example.org/feed.xml' } });
  });

  it('says what is missing or wrong', () => {
    const noId = parseCommand('sources add catalog:');
    expect(noId.ok ? null : noId.error.message).toEqual({ key: 'missing.catalogId', params: undefined });
    const noGroup = parseCommand('sources add --catalog');
    expect(noGroup.ok ? null : noGroup.error.message).toEqual({ key: 'missing.catalogGroup', params: undefined });
    const extra = parseCommand('sources add catalog:cert-fr now');
    expect(extra.ok ? null : extra.error.code).toBe('unexpected_args');
    const bad = parseCommand('sources catalog frenchy');
    expect(bad.ok ? null : bad.error).toEqual({
      code: 'bad_catalog_filter',
      command: 'sources',
      message: { key: 'error.catalogFilter', params: { text: 'frenchy', kinds: 'international-organisation, eu-body, national-agency, cert, ministry, parliament, research, news' } },
    });
  });
});
