import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { PlainSql, UnitOfWork } from '@app/persistence';
import { SubscriberAccount } from '../../domain/subscriber-account.aggregate';
import { SubscriberAccountRepository } from '../../domain/subscriber-account.repository';
import { normalizeLogin } from '../../domain/subscriber-login';

type DateField = 'createdAt' | 'confirmedAt' | 'passwordChangedAt' | 'confirmationExpiresAt' | 'recoveryExpiresAt' | 'emailChangeExpiresAt';

/**
 * A row of subscriber_account (SubscriberAccountSchema), read in plain SQL with these column aliases;
 * timestamps come as PostgreSQL's text (the ORM's driver leaves their parsing to the platform).
 */
type AccountRow = Pick<
  SubscriberAccount,
  'id' | 'login' | 'subscriberType' | 'contractNumber' | 'accountNumber' | 'name' | 'iinBin' | 'email' | 'passwordHash' | 'status'
  | 'invoiceByEmail' | 'verificationReminders' | 'confirmationHash' | 'recoveryHash' | 'pendingEmail' | 'emailChangeHash' | 'locale'
> & { [field in DateField]: string | null };

const ACCOUNT_COLUMNS = [
  'id', 'login', 'subscriber_type "subscriberType"', 'contract_number "contractNumber"', 'account_number "accountNumber"', 'name',
  'iin_bin "iinBin"', 'email', 'password_hash "passwordHash"', 'status', 'invoice_by_email "invoiceByEmail"', 'verification_reminders "verificationReminders"', 'created_at "createdAt"',
  'confirmed_at "confirmedAt"', 'password_changed_at "passwordChangedAt"', 'confirmation_hash "confirmationHash"',
  'confirmation_expires_at "confirmationExpiresAt"', 'recovery_hash "recoveryHash"', 'recovery_expires_at "recoveryExpiresAt"',
  'pending_email "pendingEmail"', 'email_change_hash "emailChangeHash"', 'email_change_expires_at "emailChangeExpiresAt"', 'locale',
].join(', ');

/**
 * Accounts through the ORM (mapped by SubscriberAccountSchema, flushed by the unit of work), each one
 * loaded or added handed to the unit of work, which writes the events it raises to the outbox; the
 * read of every login is plain SQL (snapshotByLogin).
 */
@Injectable()
export class MikroOrmSubscriberAccountRepository extends SubscriberAccountRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: PlainSql,
  ) {
    super();
  }

  add(account: SubscriberAccount): void {
    this.em.persist(UnitOfWork.current().track(account));
  }

  async byId(id: string): Promise<SubscriberAccount | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return tracked(await this.em.findOne(SubscriberAccount, { id }));
  }

  async byLogin(login: string): Promise<SubscriberAccount | null> {
    return tracked(await this.em.findOne(SubscriberAccount, { login: normalizeLogin(login) }));
  }

  /**
   * Plain SQL into an account built here, outside the unit of work: this is the read of every login, where
   * the query builder and the entity manager's mapping cost more CPU than the query itself.
   */
  async snapshotByLogin(login: string): Promise<SubscriberAccount | null> {
    const [row] = await this.sql.query<AccountRow>(`select ${ACCOUNT_COLUMNS} from subscriber_account where login = $1`, [normalizeLogin(login)]);
    return row ? this.toAccount(row) : null;
  }

  /** An account from its row, as the ORM would hydrate it (through the constructor), but tracked by nothing. */
  private toAccount(row: AccountRow): SubscriberAccount {
    const platform = this.em.getPlatform();
    const date = (value: string | null): Date | null => (value === null ? null : (platform.parseDate(value) as Date));
    return Object.assign(new SubscriberAccount(), {
      id: row.id,
      login: row.login,
      subscriberType: row.subscriberType,
      contractNumber: row.contractNumber,
      accountNumber: row.accountNumber,
      name: row.name,
      iinBin: row.iinBin,
      email: row.email,
      passwordHash: row.passwordHash,
      status: row.status,
      invoiceByEmail: row.invoiceByEmail,
      verificationReminders: row.verificationReminders,
      createdAt: date(row.createdAt)!,
      confirmedAt: date(row.confirmedAt),
      passwordChangedAt: date(row.passwordChangedAt),
      confirmationHash: row.confirmationHash,
      confirmationExpiresAt: date(row.confirmationExpiresAt),
      recoveryHash: row.recoveryHash,
      recoveryExpiresAt: date(row.recoveryExpiresAt),
      pendingEmail: row.pendingEmail,
      emailChangeHash: row.emailChangeHash,
      emailChangeExpiresAt: date(row.emailChangeExpiresAt),
      locale: row.locale,
    });
  }

  async byEmail(email: string): Promise<SubscriberAccount[]> {
    const accounts = await this.em.find(SubscriberAccount, { email: { $ilike: email.trim().replace(/[\\%_]/g, (c) => `\\${c}`) } }, { orderBy: { createdAt: 'asc' } });
    return accounts.map((account) => UnitOfWork.current().track(account));
  }

  async byConfirmationHash(hash: string): Promise<SubscriberAccount | null> {
    return tracked(await this.em.findOne(SubscriberAccount, { confirmationHash: hash }));
  }

  async byEmailChangeHash(hash: string): Promise<SubscriberAccount | null> {
    return tracked(await this.em.findOne(SubscriberAccount, { emailChangeHash: hash }));
  }
}

/** The account, handed to the unit of work (for its events), or null. */
function tracked(account: SubscriberAccount | null): SubscriberAccount | null {
  return account && UnitOfWork.current().track(account);
}
