import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig, ConfigModule } from '@app/config';
import { QueuesModule, RedisModule } from '@app/messaging';
import { NotificationsModule } from '@app/notifications';
import { PersistenceModule } from '@app/persistence';
import type { Clock } from '@app/shared-kernel';
import { TemplatesModule } from '@app/web';

/** Paths in logged objects whose values never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  '*.password',
  '*.passwordConfirmation',
  '*.currentPassword',
  '*.newPassword',
  '*.checkword',
  '*.token',
];

/** The levels at which pino-http's "request completed" lines (level info) are written. */
const INFO_AND_BELOW = new Set(['info', 'debug', 'trace']);

/** How a process is assembled beyond its configuration: tests run the processes on a clock of their own. */
export interface ProcessOptions {
  clock?: Clock;
}

/** What both processes share: configuration, logging, PostgreSQL, Redis, queues, templates, e-mail. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, role: 'web' | 'worker', options: ProcessOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            base: { process: role },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
            },
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&](token|checkword|USER_CHECKWORD)=)[^&]+/gi, '$1[redacted]') }),
              // The status alone: the response's headers (the same dozen security headers each time) made
              // each "request completed" line about 700 bytes to write for every request.
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || (req.url ?? '').startsWith('/assets/') },
            // pino-http logs every finished request at "info". When that level is off, "silent" says so up
            // front, so that it does not build the request's log line (custom props, a child logger) for
            // nothing on each request: the same output.
            ...(INFO_AND_BELOW.has(config.logLevel) ? {} : { customLogLevel: () => 'silent' as const }),
          },
        }),
        PersistenceModule.forRoot({ databaseUrl: config.databaseUrl, clock: options.clock }),
        RedisModule.forRoot(config),
        QueuesModule.forRoot({ ...config, retention: config.retention }),
        TemplatesModule,
        NotificationsModule.forRoot(config, role),
      ],
    };
  }
}
