export * from './queues';
export * from './queues.module';
export * from './redis-connection';
export * from './redis.module';
export * from './backoffice-contract';
export * from './backoffice-validator';
