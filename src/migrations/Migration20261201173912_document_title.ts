import { Migration } from '@mikro-orm/migrations';

export class Migration20261201173912_document_title extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "document_request" add column "title" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "document_request" drop column "title";`);
  }

}
