import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Registry } from 'prom-client';
import { MetricsAccess } from './metrics-access';
import { METRICS_REGISTRY, scrape } from './metrics-registry';

/** GET /metrics in Prometheus' text format, for the addresses of METRICS_ALLOW only (404 when unset, 403 to others). */
@ApiExcludeController()
@Controller()
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly access: MetricsAccess,
  ) {}

  @Get('metrics')
  async metrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.access.enabled) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    if (!this.access.allows(req)) {
      res.status(403).type('text/plain').send('Forbidden');
      return;
    }
    const { contentType, body } = await scrape(this.registry);
    res.status(200).set('Content-Type', contentType).send(body);
  }
}
