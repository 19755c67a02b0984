import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics-registry';

/** The routes where a subscriber or staff member logs in: a 429 there is a login throttle hit. */
const LOGIN_ROUTES = new Set(['/login', '/api/v1/auth/token', '/admin/login']);

/** The route a request matched, as a template (`/cabinet/readings/:meterId/consumption`), never its raw URL. */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl ?? ''}${route.path}` || '/';
  if (req.originalUrl.startsWith('/assets/')) return '/assets/*';
  if (req.originalUrl.startsWith('/admin/queues')) return '/admin/queues/*';
  return 'unmatched';
}

/**
 * Request rate and latency by route (`vk_http_request_duration_seconds`, its `_count` is the rate), and
 * the login throttle's hits (`vk_login_throttled_total`: a 429 answered on a login route).
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly throttled: Counter<'route'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new Histogram({
      name: 'vk_http_request_duration_seconds',
      help: 'HTTP requests by method, route template and status, and how long they took',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.throttled = new Counter({ name: 'vk_login_throttled_total', help: 'Logins refused by the throttle (429)', labelNames: ['route'], registers: [registry] });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const route = routeOf(req);
      end({ method: req.method, route, status: String(res.statusCode) });
      if (res.statusCode === 429 && LOGIN_ROUTES.has(route)) this.throttled.inc({ route });
    });
    next();
  }
}
