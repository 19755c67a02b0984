import { Migration } from '@mikro-orm/migrations';

export class Migration20261125131357_billing extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "charge_line" ("contract_number" text not null, "period" text not null, "account_number" text not null, "service" text not null, "recipient" text not null, "tariff_group" text not null, "volume" numeric(12,3) not null, "tariff" numeric(12,4) not null, "vat_rate" numeric(4,2) not null, "amount" numeric(14,2) not null, "position" int not null, constraint "charge_line_pkey" primary key ("contract_number", "period", "account_number", "service"));`);

    this.addSql(`create table "contract" ("contract_number" text not null, "subscriber_type" text not null, "iin_bin" text not null, "name" text not null, "address" text not null, "heat_meter_installed" boolean not null, constraint "contract_pkey" primary key ("contract_number"));`);
    this.addSql(`create index "contract_iin_bin_idx" on "contract" ("iin_bin");`);

    this.addSql(`create table "inbound_event" ("event_id" text not null, "type" text not null, "applied_at" timestamptz not null default now(), constraint "inbound_event_pkey" primary key ("event_id"));`);

    this.addSql(`create table "opening_balance" ("contract_number" text not null, "date" date not null, "amount" numeric(14,2) not null, constraint "opening_balance_pkey" primary key ("contract_number"));`);

    this.addSql(`create table "payment" ("payment_id" text not null, "contract_number" text not null, "date" date not null, "amount" numeric(14,2) not null, "document" text null, constraint "payment_pkey" primary key ("payment_id"));`);
    this.addSql(`create index "payment_contract_date_idx" on "payment" ("contract_number", "date");`);

    this.addSql(`create table "personal_account" ("account_number" text not null, "contract_number" text not null, "recipient" text not null, "tariff_group" text not null, "position" int not null, constraint "personal_account_pkey" primary key ("account_number"));`);
    this.addSql(`create index "personal_account_contract_idx" on "personal_account" ("contract_number");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "charge_line" cascade;`);

    this.addSql(`drop table if exists "contract" cascade;`);

    this.addSql(`drop table if exists "inbound_event" cascade;`);

    this.addSql(`drop table if exists "opening_balance" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "personal_account" cascade;`);
  }

}
