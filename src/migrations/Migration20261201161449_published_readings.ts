import { Migration } from '@mikro-orm/migrations';

export class Migration20261201161449_published_readings extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "meter_published_reading" ("meter_id" text not null, "date" date not null, "value" numeric(11,3) not null, "source" text not null, "factory_number" text null, "published_at" timestamptz not null, constraint "meter_published_reading_pkey" primary key ("meter_id", "date"));`);
    // Written by hand: the last reading each meter already holds is the first of its history.
    this.addSql(`insert into "meter_published_reading" ("meter_id", "date", "value", "source", "factory_number", "published_at") select "id", "last_reading_date", "last_reading_value", coalesce("last_reading_source", ''), "factory_number", "updated_at" from "meter" where "last_reading_date" is not null and "last_reading_value" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "meter_published_reading" cascade;`);
  }

}
