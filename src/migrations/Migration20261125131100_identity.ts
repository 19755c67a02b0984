import { Migration } from '@mikro-orm/migrations';

export class Migration20261125131100_identity extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "subscriber_account" ("id" uuid not null, "login" text not null, "subscriber_type" text not null, "contract_number" text not null, "account_number" text null, "name" text not null, "iin_bin" text not null, "email" text not null, "password_hash" text not null, "status" text not null, "invoice_by_email" boolean not null, "created_at" timestamptz not null, "confirmed_at" timestamptz null, "password_changed_at" timestamptz null, "confirmation_hash" text null, "confirmation_expires_at" timestamptz null, "recovery_hash" text null, "recovery_expires_at" timestamptz null, "pending_email" text null, "email_change_hash" text null, "email_change_expires_at" timestamptz null, constraint "subscriber_account_pkey" primary key ("id"));`);
    this.addSql(`alter table "subscriber_account" add constraint "subscriber_account_login_unique" unique ("login");`);
    this.addSql(`create index "subscriber_account_email_idx" on "subscriber_account" ("email");`);
    this.addSql(`alter table "subscriber_account" add constraint "subscriber_account_confirmation_hash_unique" unique ("confirmation_hash");`);
    this.addSql(`alter table "subscriber_account" add constraint "subscriber_account_email_change_hash_unique" unique ("email_change_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "subscriber_account" cascade;`);
  }

}
