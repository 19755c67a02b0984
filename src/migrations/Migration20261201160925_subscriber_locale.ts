import { Migration } from '@mikro-orm/migrations';

export class Migration20261201160925_subscriber_locale extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "subscriber_account" add column "locale" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "subscriber_account" drop column "locale";`);
  }

}
