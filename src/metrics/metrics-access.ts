import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Who may read the metrics (METRICS_ALLOW): the peer's own address must be in the list, and a request
 * that came through a proxy (X-Forwarded-For, Forwarded) is refused, since its sender is not the peer;
 * an empty list allows no one (the endpoint is off). Addresses only, never names.
 */
export class MetricsAccess {
  private readonly list = new BlockList();
  readonly enabled: boolean;

  constructor(allow: readonly string[]) {
    this.enabled = allow.length > 0;
    for (const entry of allow) {
      const [address, bits] = entry.split('/');
      const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
  }

  allows(req: IncomingMessage): boolean {
    if (!this.enabled) return false;
    if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
    const raw = req.socket.remoteAddress ?? '';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw);
    const address = mapped ? mapped[1] : raw;
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
