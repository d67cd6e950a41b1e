import { describe, expect, it } from 'vitest';
import { AllowList, blockedReason } from '../../src/ingest/address-policy.js';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback address'],
    ['127.255.0.9', 'loopback address'],
    ['10.0.0.1', 'private address'],
    ['172.16.5.4', 'private address'],
    ['172.31.255.255', 'private address'],
    ['192.168.1.1', 'private address'],
    ['169.254.169.254', 'cloud metadata address'],
    ['169.254.10.1', 'link-local address'],
    ['100.64.0.1', 'carrier-grade NAT address'],
    ['100.127.255.254', 'carrier-grade NAT address'],
    ['0.0.0.0', 'unspecified address'],
    ['224.0.0.251', 'multicast address'],
    ['255.255.255.255', 'reserved address'],
    ['::1', 'loopback address'],
    ['::', 'unspecified address'],
    ['fe80::1', 'link-local address'],
    ['fc00::1', 'unique local address'],
    ['fd12:3456::1', 'unique local address'],
    ['fd00:ec2::254', 'cloud metadata address'],
    ['ff02::1', 'multicast address'],
    ['::ffff:127.0.0.1', 'IPv4-mapped IPv6 form of a loopback address'],
    ['::ffff:7f00:1', 'IPv4-mapped IPv6 form of a loopback address'],
    ['::ffff:169.254.169.254', 'IPv4-mapped IPv6 form of a cloud metadata address'],
    ['::ffff:10.0.0.1', 'IPv4-mapped IPv6 form of a private address'],
    ['::127.0.0.1', 'IPv4-compatible IPv6 form of a loopback address'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 form of a cloud metadata address'],
    ['2002:c0a8:101::1', '6to4 form of a private address'],
    ['[::1]', 'loopback address'],
  ])('%s is a %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(blockedReason(address)).toBeNull();
  });
});

describe('AllowList', () => {
  it('lets through listed hosts, addresses and ranges only', () => {
    const allow = new AllowList('127.0.0.1, feeds.intranet, 10.1.0.0/16, ::1');
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('10.1.200.3')).toBe(true);
    expect(allow.allowsAddress('10.2.0.1')).toBe(false);
    expect(allow.allowsAddress('::1')).toBe(true);
    expect(allow.allowsHost('FEEDS.intranet.')).toBe(true);
    expect(allow.allowsHost('other.intranet')).toBe(false);
    expect(new AllowList('').allowsAddress('127.0.0.1')).toBe(false);
  });
});
