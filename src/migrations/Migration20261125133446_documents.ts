import { Migration } from '@mikro-orm/migrations';

export class Migration20261125133446_documents extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "document_request" ("id" uuid not null, "owner_id" text not null, "kind" text not null, "template" text not null, "filename" text not null, "locale" text not null default 'ru', "params" jsonb not null, "mail" jsonb null, "status" text not null default 'pending', "content" bytea null, "attempts" int not null default 0, "last_error" text null, "mail_id" uuid null, "created_at" timestamptz not null default now(), "ready_at" timestamptz null, "expires_at" timestamptz not null, constraint "document_request_pkey" primary key ("id"));`);
    this.addSql(`create index "document_request_owner_idx" on "document_request" ("owner_id", "created_at");`);
    this.addSql(`create index "document_request_expires_idx" on "document_request" ("expires_at");`);

    this.addSql(`alter table "mail_message" add column "attachments" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "document_request" cascade;`);

    this.addSql(`alter table "mail_message" drop column "attachments";`);
  }

}
