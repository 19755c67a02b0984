/**
 * Registers and confirms the demo cabinets through Identity's commands:
 *   node scripts/start.js cli seed-demo-subscribers [events.json]
 * a legal entity for contract 2666 (login vk2666) and an individual for personal account 04008220,
 * with the IIN/BINs of the demo data (demo/events.json, imported first with the import command) and
 * fixed demo passwords, which it prints. Running it again changes nothing and fails on nothing.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigOrExit } from '@app/config';
import type { ContractUpserted } from '@app/messaging';
import { Commands, projectRoot } from '@app/persistence';
import { WebModule } from '@app/web';
import { ContractDirectory } from '@modules/billing';
import { DemoConfirmation, IdentityCommandsModule, RegisterSubscriber } from '@modules/identity';
import { CoreModule } from '../core.module';
import { prepareDatabase } from '../prepare-database';

const DEMO = [
  { contractNumber: '2666', type: 'legal' as const, email: 'buh-2666@example.kz', password: 'Demo-Pavlodar-2666' },
  { contractNumber: '04008220', type: 'individual' as const, email: 'ivanov-04008220@example.kz', password: 'Demo-Pavlodar-04008220' },
];

function demoContracts(file: string): Map<string, ContractUpserted> {
  const events = JSON.parse(readFileSync(file, 'utf8')) as Array<{ type: string; payload: ContractUpserted }>;
  return new Map(events.filter((event) => event.type === 'contract.upserted').map((event) => [event.payload.contractNumber, event.payload]));
}

async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? join(projectRoot(), 'demo', 'events.json'));
  const contracts = demoContracts(file);
  const config = loadConfigOrExit();
  await prepareDatabase(config.databaseUrl);

  @Module({ imports: [CoreModule.forRoot({ ...config, logLevel: 'warn' }, 'web'), WebModule, IdentityCommandsModule] })
  class SeedModule {}

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  let failed = false;
  try {
    for (const demo of DEMO) {
      const contract = contracts.get(demo.contractNumber);
      if (!contract) throw new Error(`${file} has no contract.upserted for ${demo.contractNumber}`);
      const published = await (demo.type === 'legal' ? app.get(ContractDirectory).findContract(demo.contractNumber) : app.get(ContractDirectory).findContractOfAccount(demo.contractNumber));
      if (!published) {
        process.stderr.write(`Contract ${demo.contractNumber} is not in the database yet: import the demo events first (npm run import -- demo/events.json, with the worker running).\n`);
        failed = true;
        continue;
      }
      const login = demo.type === 'legal' ? `vk${demo.contractNumber}` : demo.contractNumber;
      const confirmation = app.get(DemoConfirmation);
      let state = await confirmation.stateOf(login);
      if (state === 'absent') {
        await app.get(Commands).execute(
          new RegisterSubscriber({
            subscriberType: demo.type,
            name: contract.name,
            email: demo.email,
            password: demo.password,
            passwordConfirmation: demo.password,
            iinBin: contract.iinBin,
            number: demo.contractNumber,
            invoiceByEmail: true,
          }),
        );
        state = 'unconfirmed';
      }
      if (state === 'unconfirmed') await confirmation.confirm(login);
      process.stdout.write(
        state === 'active'
          ? `Cabinet ${login} already exists (its password is ${demo.password} unless someone changed it)\n`
          : `Cabinet ${login} registered and confirmed: login ${login}, password ${demo.password}, e-mail ${demo.email}\n`,
      );
    }
  } finally {
    await app.close();
  }
  if (failed) process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
