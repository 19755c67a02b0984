import type { IncomingMessage } from 'node:http';
import { MetricsAccess } from './metrics-access';

function from(remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('who may read the metrics', () => {
  it('is no one when METRICS_ALLOW is empty', () => {
    const access = new MetricsAccess([]);
    expect(access.enabled).toBe(false);
    expect(access.allows(from('127.0.0.1'))).toBe(false);
  });

  it('is the listed addresses and ranges, IPv4-mapped peers included', () => {
    const access = new MetricsAccess(['127.0.0.1', '10.1.0.0/16', '::1']);
    expect(access.allows(from('127.0.0.1'))).toBe(true);
    expect(access.allows(from('::ffff:127.0.0.1'))).toBe(true);
    expect(access.allows(from('::1'))).toBe(true);
    expect(access.allows(from('10.1.200.3'))).toBe(true);
    expect(access.allows(from('10.2.0.1'))).toBe(false);
    expect(access.allows(from('127.0.0.2'))).toBe(false);
    expect(access.allows(from('203.0.113.9'))).toBe(false);
  });

  it('refuses a request that came through a proxy, whatever the proxy\'s address', () => {
    const access = new MetricsAccess(['127.0.0.1']);
    expect(access.allows(from('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }))).toBe(false);
    expect(access.allows(from('127.0.0.1', { forwarded: 'for=203.0.113.9' }))).toBe(false);
  });
});
