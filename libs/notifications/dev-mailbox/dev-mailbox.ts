import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Mailer, OutgoingMail } from '../mailer';

export interface StoredMail extends Omit<OutgoingMail, 'attachments'> {
  id: string;
  /** Only the names and sizes of attachments are kept. */
  attachments?: Array<{ filename: string; contentType: string; size: number }>;
  from: string;
  date: string;
}

const KEY = 'dev-mailbox';
const KEEP = 200;

/**
 * The web addresses in a plain-text message, as its reader takes them: without the punctuation that
 * ends a sentence or closes parentheses around the address («… на странице (https://…/password/forgot)»).
 */
export function linksIn(text: string): string[] {
  return [...new Set((text.match(/https?:\/\/[^\s<>"'«»]+/g) ?? []).map(withoutTrailingPunctuation))];
}

function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  const unbalanced = (part: string) => part.split(')').length > part.split('(').length;
  while (end > 0 && ('.,;:!?'.includes(url[end - 1]) || (url[end - 1] === ')' && unbalanced(url.slice(0, end))))) end -= 1;
  return url.slice(0, end);
}

/**
 * The development mailbox: when SMTP_URL is unset outside production, the worker "sends" here (a
 * Redis list) and the web process shows the messages at /dev/mailbox, so links can be clicked.
 */
export class DevMailbox extends Mailer {
  constructor(private readonly redis: Redis, private readonly from: string) {
    super();
  }

  async send(mail: OutgoingMail): Promise<void> {
    const { attachments, ...rest } = mail;
    const stored: StoredMail = {
      ...rest,
      attachments: attachments?.map((file) => ({ filename: file.filename, contentType: file.contentType, size: file.content.length })),
      id: randomUUID(),
      from: this.from,
      date: new Date().toISOString(),
    };
    await this.redis.multi().lpush(KEY, JSON.stringify(stored)).ltrim(KEY, 0, KEEP - 1).exec();
  }

  async list(): Promise<StoredMail[]> {
    return (await this.redis.lrange(KEY, 0, KEEP - 1)).map((raw) => JSON.parse(raw) as StoredMail);
  }

  async find(id: string): Promise<StoredMail | undefined> {
    return (await this.list()).find((mail) => mail.id === id);
  }

  async clear(): Promise<void> {
    await this.redis.del(KEY);
  }
}
