import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { isLocale } from '@app/shared-kernel';
import { NoticeRecipient, SubscriberDirectory } from '../../application/subscriber-directory';

interface RecipientRow {
  contract_number: string;
  email: string;
  name: string;
  locale: string | null;
}

/** Plain SQL, in the caller's transaction when there is one. */
@Injectable()
export class PgSubscriberDirectory extends SubscriberDirectory {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async verificationReminderRecipients(contractNumbers: readonly string[]): Promise<NoticeRecipient[]> {
    if (contractNumbers.length === 0) return [];
    const rows = await this.sql.query<RecipientRow>(
      `select contract_number, email, name, locale from subscriber_account
        where contract_number = any($1::text[]) and status = 'active' and verification_reminders order by contract_number`,
      [[...contractNumbers]],
    );
    return rows.map((row) => ({ contractNumber: row.contract_number, email: row.email, name: row.name, locale: isLocale(row.locale) ? row.locale : null }));
  }
}
