import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '@app/messaging';
import { MAIL_REQUEST_WINDOW_SECONDS, MAIL_REQUESTS_PER_WINDOW, MailRequestLimit } from '../../application/ports/mail-request-limit';

/** A fixed window counter in Redis, shared by every web process. */
@Injectable()
export class RedisMailRequestLimit extends MailRequestLimit {
  constructor(@Inject(REDIS) private readonly redis: Redis) {
    super();
  }

  async allow(kind: 'recovery' | 'resend-confirmation', accountId: string): Promise<boolean> {
    const key = `identity:mail-limit:${kind}:${accountId}`;
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, MAIL_REQUEST_WINDOW_SECONDS, 'NX').exec()) as [[unknown, number], unknown];
    return count <= MAIL_REQUESTS_PER_WINDOW;
  }
}
