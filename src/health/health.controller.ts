import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, MikroOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { RendererStatusReader } from '@app/documents';
import { REDIS } from '@app/messaging';
import { ParkedOutbox } from '@app/persistence';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly documents: RendererStatusReader,
    private readonly parkedOutbox: ParkedOutbox,
  ) {}

  /** The process is alive. */
  @Get('health')
  alive() {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL and Redis are reachable: the process can serve (else 503). `documents` says whether a
   * worker can make PDF reports (`available`; `unavailable` with the reason, e.g. no Chromium; `unknown`
   * when no worker reported lately): not a reason to take this process out of service, so not a check.
   * `outbox.parked` counts the outbox rows the relay gave up on (staff send them again at /admin/outbox).
   */
  @Get('ready')
  @HealthCheck()
  async ready() {
    const [result, documents, parked] = await Promise.all([
      this.dependencies(),
      this.documents.readiness().catch(() => undefined),
      this.parkedOutbox.count().catch(() => undefined),
    ]);
    return { ...result, ...(documents ? { documents } : {}), ...(parked === undefined ? {} : { outbox: { parked } }) };
  }

  private dependencies() {
    return this.health.check([
      () => this.database.pingCheck('postgresql', { timeout: 2000 }),
      async () => {
        const check = this.indicators.check('redis');
        try {
          const pong = await Promise.race([
            this.redis.ping(),
            new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
          ]);
          return pong === 'PONG' ? check.up() : check.down({ message: `unexpected answer ${pong}` });
        } catch (error) {
          return check.down({ message: (error as Error).message });
        }
      },
    ]);
  }
}
