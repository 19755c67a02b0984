import { Migration } from '@mikro-orm/migrations';

export class Migration20261201173051_outbox_parking extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_message" add column "next_attempt_at" timestamptz null, add column "parked_at" timestamptz null;`);
    this.addSql(`create index "outbox_message_parked_idx" on "outbox_message" ("parked_at") where "parked_at" is not null;`);
    // Written by hand: the generator does not compare index expressions; parked rows leave the pending index.
    this.addSql(`drop index "outbox_message_pending_idx";`);
    this.addSql(`create index "outbox_message_pending_idx" on "outbox_message" ("created_at") where "sent_at" is null and "parked_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "outbox_message_parked_idx";`);
    this.addSql(`drop index "outbox_message_pending_idx";`);
    this.addSql(`create index "outbox_message_pending_idx" on "outbox_message" ("created_at") where "sent_at" is null;`);
    this.addSql(`alter table "outbox_message" drop column "next_attempt_at", drop column "parked_at";`);
  }

}
