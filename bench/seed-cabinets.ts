/**
 * The subscribers the benchmarks and the soak test load the cabinet with, made through the modules'
 * own commands: a legal entity's contract (Billing), its cold and hot meter (Metering), optionally the
 * previous month's charges, and its cabinet, registered and confirmed (Identity).
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { Commands } from '@app/persistence';
import { WebModule } from '@app/web';
import { PublishCharges, UpsertContract } from '@modules/billing';
import { DemoConfirmation, IdentityCommandsModule, RegisterSubscriber } from '@modules/identity';
import { MeteringWorkerModule, UpsertMeter } from '@modules/metering';
import { CoreModule } from '../src/core.module';
import { aContract } from '../src/modules/billing/testing/contract.mother';

export interface SeededCabinet {
  /** The cabinet's login, `vk` and the contract number. */
  login: string;
  contractNumber: string;
  /** The cold and the hot meter's ids. */
  meters: [string, string];
}

export interface CabinetsToSeed {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  count: number;
  /** The first contract's number; the others follow it. */
  firstContract: number;
  /** The legal entity's name and the cabinet's e-mail, of the i-th subscriber. */
  name: (i: number) => string;
  email: (i: number) => string;
  password: string;
  /** "YYYY-MM": the month charged to every contract (water and sewerage of each account); none when absent. */
  chargesFor?: string;
}

export async function seedCabinets(seed: CabinetsToSeed): Promise<SeededCabinet[]> {
  const config = loadConfig({ ...process.env, DATABASE_URL: seed.databaseUrl, REDIS_URL: seed.redisUrl, REDIS_PREFIX: seed.redisPrefix, LOG_LEVEL: 'warn' });
  @Module({ imports: [CoreModule.forRoot(config, 'web'), WebModule, IdentityCommandsModule, MeteringWorkerModule] })
  class BenchSeedModule {}
  const app = await NestFactory.createApplicationContext(BenchSeedModule, { logger: ['error'] });
  const cabinets: SeededCabinet[] = [];
  try {
    const commands = app.get(Commands);
    for (let i = 0; i < seed.count; i += 1) {
      const contract = aContract('legal', { contractNumber: String(seed.firstContract + i), name: seed.name(i) });
      const { contractNumber, iinBin, name } = contract;
      await commands.execute(new UpsertContract(contract));
      const meters: [string, string] = [`${contractNumber}-cold`, `${contractNumber}-hot`];
      for (const [index, meterId] of meters.entries()) {
        await commands.execute(
          new UpsertMeter({ meterId, contractNumber, accountNumber: contract.accounts[0].accountNumber, water: index === 0 ? 'cold' : 'hot', factoryNumber: `${contractNumber}${index}`, verificationDate: '2035-01-01', state: 'installed', lastReading: { value: '1', date: '2020-01-01', source: 'controller' } }),
        );
      }
      if (seed.chargesFor) {
        await commands.execute(
          new PublishCharges({
            contractNumber,
            period: seed.chargesFor,
            lines: contract.accounts.flatMap((account) => [
              { accountNumber: account.accountNumber, recipient: account.recipient, tariffGroup: account.tariffGroup, service: 'water' as const, volume: '15.310', tariff: '197.02', vatRate: '16', amount: '3499.00' },
              { accountNumber: account.accountNumber, recipient: account.recipient, tariffGroup: account.tariffGroup, service: 'sewerage' as const, volume: '15.310', tariff: '204.5', vatRate: '16', amount: '3631.84' },
            ]),
          }),
        );
      }
      await commands.execute(new RegisterSubscriber({ subscriberType: 'legal', name, email: seed.email(i), password: seed.password, passwordConfirmation: seed.password, iinBin, number: contractNumber, invoiceByEmail: false }));
      await app.get(DemoConfirmation).confirm(`vk${contractNumber}`);
      cabinets.push({ login: `vk${contractNumber}`, contractNumber, meters });
    }
  } finally {
    await app.close();
  }
  return cabinets;
}

/**
 * The i-th simulated subscriber's own address in the private network 10.`network`.0.0/16, sent as
 * X-Forwarded-For to web processes that trust the loopback as their proxy (TRUST_PROXY=loopback): many
 * subscribers are then many client addresses to the login limits, as behind a real proxy.
 */
export function subscriberAddress(network: number, i: number): string {
  return `10.${network}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
}
