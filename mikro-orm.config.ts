/**
 * MikroORM configuration for tools (`npx mikro-orm …`). The processes build the same configuration
 * from the validated environment; migrations are generated with `npm run migration:create -- <name>`.
 */
import 'reflect-metadata';
import { createOrmConfig } from './libs/persistence/orm-config';

export default createOrmConfig({ databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vodokanal' });
