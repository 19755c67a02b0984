import { Migration } from '@mikro-orm/migrations';

export class Migration20261201180457_staff_role extends Migration {

  override async up(): Promise<void> {
    // Staff accounts from before the roles could retry (and more) on the dashboard: they become operators,
    // who may still retry and clean failed jobs; new accounts are viewers unless created as operators.
    this.addSql(`alter table "staff_account" add column "role" text not null default 'operator';`);
    this.addSql(`alter table "staff_account" alter column "role" set default 'viewer';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "staff_account" drop column "role";`);
  }

}
