import { Migration } from '@mikro-orm/migrations';

export class Migration20261201174147_verification_reminders extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "verification_reminder" ("meter_id" text not null, "verification_date" date not null, "kind" text not null, "contract_number" text not null, "sent_at" timestamptz not null, constraint "verification_reminder_pkey" primary key ("meter_id", "verification_date", "kind"));`);

    this.addSql(`create index "meter_verification_date_idx" on "meter" ("verification_date");`);

    this.addSql(`alter table "subscriber_account" add column "verification_reminders" boolean not null default true;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "verification_reminder" cascade;`);

    this.addSql(`drop index "meter_verification_date_idx";`);

    this.addSql(`alter table "subscriber_account" drop column "verification_reminders";`);
  }

}
