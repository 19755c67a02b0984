import { Migration } from '@mikro-orm/migrations';

export class Migration20261125130011_platform extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mail_message" ("id" uuid not null, "template" text not null, "recipient" text not null, "locale" text not null default 'ru', "sealed_params" text null, "status" text not null default 'pending', "created_at" timestamptz not null default now(), "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "mail_message_pkey" primary key ("id"));`);

    this.addSql(`create table "outbox_message" ("id" uuid not null, "event_name" text not null, "queue" text not null, "payload" jsonb not null, "occurred_at" timestamptz not null, "created_at" timestamptz not null default now(), "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "outbox_message_pkey" primary key ("id"));`);
    this.addSql(`create index "outbox_message_pending_idx" on "outbox_message" ("created_at") where "sent_at" is null;`);
    // Written by hand: wakes the outbox relay (LISTEN outbox) when a transaction that wrote events commits.
    this.addSql(`create function "outbox_message_notify"() returns trigger language plpgsql as $$ begin perform pg_notify('outbox', ''); return null; end $$;`);
    this.addSql(`create trigger "outbox_message_notify" after insert on "outbox_message" for each statement execute function "outbox_message_notify"();`);

    this.addSql(`create table "staff_account" ("id" uuid not null, "login" text not null, "password_hash" text not null, "created_at" timestamptz not null, constraint "staff_account_pkey" primary key ("id"));`);
    this.addSql(`alter table "staff_account" add constraint "staff_account_login_unique" unique ("login");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail_message" cascade;`);

    this.addSql(`drop table if exists "outbox_message" cascade;`);
    this.addSql(`drop function if exists "outbox_message_notify"();`);

    this.addSql(`drop table if exists "staff_account" cascade;`);
  }

}
