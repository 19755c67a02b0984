export { ALL_QUEUES, outboxRouteOf, QUEUES } from './queues';
export { jobAges, QueuesModule } from './queues.module';
export { workersOf } from './discovered';
export { keepJobScheduler } from './job-scheduler';
export { bullPrefix, redisOptionsFromUrl } from './redis-connection';
export { REDIS, RedisModule } from './redis.module';
export type { BalanceOpened, ChargesPublished, ContractUpserted, InboundEventType, InboundPayloads, MeterUpserted, PaymentRecorded, ReadingProcessed, ReadingsSubmitted } from './backoffice-contract';
export { BackofficeEventValidator } from './backoffice-validator';
