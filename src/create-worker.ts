import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import type { ProcessOptions } from './core.module';
import { WorkerModule } from './worker.module';

/** The worker exactly as `worker.ts` runs it; tests create it the same way. */
export async function createWorker(config: AppConfig, options: ProcessOptions = {}): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), { bufferLogs: true });
  worker.useLogger(worker.get(Logger));
  worker.enableShutdownHooks();
  return worker;
}
