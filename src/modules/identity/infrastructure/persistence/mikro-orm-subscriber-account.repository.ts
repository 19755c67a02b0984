import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { SubscriberAccount } from '../../domain/subscriber-account.aggregate';
import { SubscriberAccountRepository } from '../../domain/subscriber-account.repository';
import { normalizeLogin } from '../../domain/subscriber-login';

/** Every column of subscriber_account (SubscriberAccountSchema), for the reads in plain SQL. */
const ACCOUNT_COLUMNS = [
  'id', 'login', 'subscriber_type', 'contract_number', 'account_number', 'name', 'iin_bin', 'email', 'password_hash', 'status',
  'invoice_by_email', 'created_at', 'confirmed_at', 'password_changed_at', 'confirmation_hash', 'confirmation_expires_at',
  'recovery_hash', 'recovery_expires_at', 'pending_email', 'email_change_hash', 'email_change_expires_at',
].join(', ');

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

  /**
   * Plain SQL mapped to a managed entity, as `findOne` gives it (every caller reads the account before
   * changing anything, so no pending change needs the auto-flush of `findOne`): this is the read of every
   * login, where the query builder cost more CPU than the query.
   */
  async byLogin(login: string): Promise<SubscriberAccount | null> {
    const [row] = await this.em.getConnection().execute<Array<Record<string, unknown>>>(
      `select ${ACCOUNT_COLUMNS} from subscriber_account where login = ?`,
      [normalizeLogin(login)],
      'all',
      this.em.getTransactionContext(),
    );
    return row ? this.em.map(SubscriberAccount, row) : null;
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
