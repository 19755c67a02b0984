import { Migration } from '@mikro-orm/migrations';

export class Migration20261125131257_metering extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "meter" ("id" text not null, "contract_number" text not null, "account_number" text not null, "water" text not null, "factory_number" text null, "verification_date" date null, "state" text not null, "last_reading_value" numeric(11,3) null, "last_reading_date" date null, "last_reading_source" text null, "updated_at" timestamptz not null, constraint "meter_pkey" primary key ("id"));`);
    this.addSql(`create index "meter_contract_number_idx" on "meter" ("contract_number");`);

    this.addSql(`create table "meter_reading" ("id" uuid not null, "meter_id" text not null, "contract_number" text not null, "period" text not null, "value" numeric(11,3) not null, "date" date not null, "source" text not null, "submission_id" uuid not null, "status" text not null default 'pending', "rejection_reason" text null, "submitted_at" timestamptz not null, "processed_at" timestamptz null, constraint "meter_reading_pkey" primary key ("id"));`);
    this.addSql(`create index "meter_reading_submission_idx" on "meter_reading" ("submission_id");`);
    this.addSql(`create index "meter_reading_contract_idx" on "meter_reading" ("contract_number", "period");`);
    this.addSql(`alter table "meter_reading" add constraint "meter_reading_meter_period_unique" unique ("meter_id", "period");`);

    this.addSql(`create table "readings_submission" ("id" uuid not null, "contract_number" text not null, "idempotency_key" text not null, "fingerprint" text not null, "source" text not null, "submitted_at" timestamptz not null, "readings" jsonb not null, constraint "readings_submission_pkey" primary key ("id"));`);
    this.addSql(`alter table "readings_submission" add constraint "readings_submission_key_unique" unique ("contract_number", "idempotency_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "meter" cascade;`);

    this.addSql(`drop table if exists "meter_reading" cascade;`);

    this.addSql(`drop table if exists "readings_submission" cascade;`);
  }

}
