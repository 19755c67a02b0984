import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { redisOptionsFromUrl } from './redis-connection';

/** DI token of the process's shared ioredis client; every key it writes starts with `<REDIS_PREFIX>:`. */
export const REDIS = Symbol('REDIS');

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * ioredis prints "Unhandled error event" with console.error when nobody listens: its errors go to the
 * structured logger instead, once per outage (the commands that failed report their own errors).
 */
function watched(redis: Redis): Redis {
  const logger = new Logger('Redis');
  let failing = false;
  redis.on('error', (error: Error) => {
    if (failing) return;
    failing = true;
    logger.warn(`${error.message} (further errors are not logged until it works again)`);
  });
  redis.on('ready', () => {
    if (!failing) return;
    failing = false;
    logger.log('connected again');
  });
  return redis;
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(options: { redisUrl: string; redisPrefix: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: () => watched(new Redis({ ...redisOptionsFromUrl(options.redisUrl), keyPrefix: `${options.redisPrefix}:`, maxRetriesPerRequest: 2 })),
        },
        RedisCloser,
      ],
      exports: [REDIS],
    };
  }
}
