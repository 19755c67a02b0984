import { Migration } from '@mikro-orm/migrations';

export class Migration20261201173400_inbound_ordering extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "inbound_revision" ("entity" text not null, "key" text not null, "revision" bigint not null, "applied_at" timestamptz not null default now(), constraint "inbound_revision_pkey" primary key ("entity", "key"));`);

    this.addSql(`alter table "inbound_event" add column "status" text not null default 'applied', add column "reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "inbound_revision" cascade;`);

    this.addSql(`alter table "inbound_event" drop column "status", drop column "reason";`);
  }

}
