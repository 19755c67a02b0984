import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import type { VerificationReminderSent } from '../../domain/verification-reminder-sent';
import { VerificationReminderLedger } from '../../domain/verification-reminder.ledger';

/**
 * INSERT … ON CONFLICT DO NOTHING on the primary key (meter_id, verification_date, kind), in the unit of
 * work's transaction: of two runs at once, the second waits on the first's row and inserts nothing once
 * the first commits (or inserts it if the first rolls back).
 */
const CLAIM = `insert into verification_reminder (meter_id, verification_date, kind, contract_number, sent_at) values ($1, $2, $3, $4, $5)
  on conflict (meter_id, verification_date, kind) do nothing returning meter_id`;

@Injectable()
export class PgVerificationReminderLedger extends VerificationReminderLedger {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async claim(reminder: VerificationReminderSent): Promise<boolean> {
    const rows = await this.sql.query(CLAIM, [reminder.meterId, reminder.verificationDate, reminder.kind, reminder.contractNumber, reminder.sentAt]);
    return rows.length === 1;
  }
}
