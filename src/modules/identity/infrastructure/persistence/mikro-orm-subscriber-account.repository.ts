import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { SubscriberAccount } from '../../domain/subscriber-account.aggregate';
import { SubscriberAccountRepository } from '../../domain/subscriber-account.repository';
import { normalizeLogin } from '../../domain/subscriber-login';

@Injectable()
export class MikroOrmSubscriberAccountRepository extends SubscriberAccountRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  add(account: SubscriberAccount): void {
    this.em.persist(account);
  }

  byId(id: string): Promise<SubscriberAccount | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return Promise.resolve(null);
    return this.em.findOne(SubscriberAccount, { id });
  }

  byLogin(login: string): Promise<SubscriberAccount | null> {
    return this.em.findOne(SubscriberAccount, { login: normalizeLogin(login) });
  }

  byEmail(email: string): Promise<SubscriberAccount[]> {
    return this.em.find(SubscriberAccount, { email: { $ilike: email.trim().replace(/[\\%_]/g, (c) => `\\${c}`) } }, { orderBy: { createdAt: 'asc' } });
  }

  byConfirmationHash(hash: string): Promise<SubscriberAccount | null> {
    return this.em.findOne(SubscriberAccount, { confirmationHash: hash });
  }

  byEmailChangeHash(hash: string): Promise<SubscriberAccount | null> {
    return this.em.findOne(SubscriberAccount, { emailChangeHash: hash });
  }
}
