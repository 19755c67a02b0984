import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
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

@Global()
@Module({})
export class RedisModule {
  static forRoot(options: { redisUrl: string; redisPrefix: string }): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: () =>
            new Redis({ ...redisOptionsFromUrl(options.redisUrl), keyPrefix: `${options.redisPrefix}:`, maxRetriesPerRequest: 2 }),
        },
        RedisCloser,
      ],
      exports: [REDIS],
    };
  }
}
