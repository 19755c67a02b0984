import { addDays } from '@app/shared-kernel';
import type { BalanceOpened, ChargesPublished, ContractUpserted, InboundEventType, InboundPayloads, MeterUpserted, PaymentRecorded } from '@app/messaging';

/** One event of an import file (npm run import): its type, payload and a fixed id. */
export interface DemoEvent<T extends InboundEventType = InboundEventType> {
  id: string;
  type: T;
  payload: InboundPayloads[T];
}

/** A month relative to today: 0 is the current one, −1 the last closed one. */
interface Month {
  period: string;
  /** The `day`-th of the month, "YYYY-MM-DD" (clamped to the month's last day). */
  day(day: number): string;
}

function monthOf(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const period = `${year}-${String(month).padStart(2, '0')}`;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { period, day: (day) => `${period}-${String(Math.min(day, last)).padStart(2, '0')}` };
}

/**
 * Amount = volume × tariff × (1 + VAT), rounded half up to the tiyn, in exact integer arithmetic: what
 * the back office would publish (docs/demo-data.md).
 */
export function lineAmount(volume: string, tariff: string, vatRate: string): string {
  const units = (text: string, scale: number) => {
    const [integer, fraction = ''] = text.split('.');
    return BigInt(integer + fraction.padEnd(scale, '0').slice(0, scale));
  };
  // Volume in thousandths × tariff in hundredths × (100 % + VAT) in hundredths of a per cent: 10⁻⁹ tenge.
  const raw = units(volume, 3) * units(tariff, 2) * (100n * 100n + units(vatRate, 2));
  const tiyn = (raw + 5_000_000n) / 10_000_000n;
  return `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
}

interface AccountUsage {
  account: ContractUpserted['accounts'][number];
  /** m³ of the month, water and sewerage alike. */
  volume: string;
}

function charges(contractNumber: string, month: Month, tariffs: { water: string; sewerage: string; vatRate: string }, usage: AccountUsage[]): DemoEvent<'charges.published'> {
  const payload: ChargesPublished = {
    contractNumber,
    period: month.period,
    lines: usage.flatMap(({ account, volume }) =>
      (['water', 'sewerage'] as const).map((service) => ({
        accountNumber: account.accountNumber,
        recipient: account.recipient,
        tariffGroup: account.tariffGroup,
        service,
        volume,
        tariff: tariffs[service],
        vatRate: tariffs.vatRate,
        amount: lineAmount(volume, tariffs[service], tariffs.vatRate),
      })),
    ),
  };
  return { id: `demo-charges-${contractNumber}-${month.period}`, type: 'charges.published', payload: { ...payload, revision: 1 } };
}

/** "2026-10-24" → 20261024: a revision that grows with the date the event's state is as of. */
const revisionOfDate = (date: string) => Number(date.replace(/-/g, ''));

/**
 * A meter's event; its revision (docs/integration.md, «Order») is the date of its last reading, so that
 * each later reading, and each later day's demo file, revises the meter; without a reading, `revision`.
 */
const meter = (id: string, payload: MeterUpserted, revision = 1): DemoEvent<'meter.upserted'> => ({
  id,
  type: 'meter.upserted',
  payload: { ...payload, revision: payload.lastReading ? revisionOfDate(payload.lastReading.date) : revision },
});

/**
 * A year of the back office's readings of a meter before its reading of M−1 (`facts.lastReading`),
 * one meter.upserted a month, oldest first (so that M−1's, applied after them, stays the meter's last):
 * each month's reading is the next month's minus that month's consumption, `volumes` giving M−1's
 * consumption first, then M−2's, and so on. «История потребления» then shows every month.
 */
function readingsBefore(idPrefix: string, facts: MeterUpserted, at: (offset: number) => Month, day: number, volumes: string[]): DemoEvent<'meter.upserted'>[] {
  const events: DemoEvent<'meter.upserted'>[] = [];
  let reading = BigInt(facts.lastReading!.value.replace('.', ''));
  volumes.forEach((volume, i) => {
    reading -= BigInt(volume.replace('.', ''));
    const month = at(-2 - i);
    const value = `${reading / 1000n}.${String(reading % 1000n).padStart(3, '0')}`;
    events.unshift(meter(`${idPrefix}-${month.period}`, { ...facts, lastReading: { value, date: month.day(day), source: facts.lastReading!.source } }));
  });
  return events;
}
// Contracts, charges and payments are the same whatever the day: revision 1. An opening balance moves
// with the day (its date): a later day's balance revises it.
const payment = (payload: PaymentRecorded): DemoEvent<'payment.recorded'> => ({ id: `demo-payment-${payload.paymentId}`, type: 'payment.recorded', payload: { ...payload, revision: 1 } });
const balance = (payload: BalanceOpened): DemoEvent<'balance.opened'> => ({
  id: `demo-balance-${payload.contractNumber}-${payload.date}`,
  type: 'balance.opened',
  payload: { ...payload, revision: revisionOfDate(payload.date) },
});
const contract = (payload: ContractUpserted): DemoEvent<'contract.upserted'> => ({ id: `demo-contract-${payload.contractNumber}-v1`, type: 'contract.upserted', payload: { ...payload, revision: 1 } });

/** The demo's meter near its verification date (2666-hot-12223774): this many days after the day the data is made for. */
export const VERIFICATION_IN_DAYS = 20;

/**
 * A value to type for 2666-cold-12223773 this month that the cabinet warns about (docs/demo-data.md):
 * 180 − 131.200 = 48.800 m³, about 4.5 times its average of 10.734 m³ a month.
 */
export const UNUSUAL_DEMO_READING = { meterId: '2666-cold-12223773', value: '180' };

const TARIFF_LEGAL = { water: '197.02', sewerage: '204.5', vatRate: '16' };
const TARIFF_HOUSEHOLD = { water: '98.51', sewerage: '102.25', vatRate: '16' };

/**
 * The demo's back-office events for a given day ("YYYY-MM-DD" in Kazakhstan): the manual's subscribers
 * and meters (docs/demo-data.md), with the three months before the current one charged and paid, so that
 * the last two closed months have charges, payments and back-office readings, and the balance, the
 * settlements and a reconciliation show real figures whatever the day. The manual's own example (the
 * zero charges of October–December 2019, Рисунок 14) stays where the manual puts it.
 *
 * Event ids name the months they describe: importing the same day's file again applies nothing twice;
 * a later day's file adds its new months.
 */
export function demoEvents(today: string): DemoEvent[] {
  const [year, month] = today.split('-').map(Number);
  const at = (offset: number) => monthOf(year * 12 + (month - 1) + offset);
  const [m1, m2, m3] = [at(-1), at(-2), at(-3)];
  // Verification dates stay years ahead of today; the last readings were taken last month.
  const inYears = (years: number, monthDay: string) => `${year + years}-${monthDay}`;

  const legal: ContractUpserted = {
    contractNumber: '2666',
    subscriberType: 'legal',
    iinBin: '190340012348',
    name: 'ТОО «Водоканал-Демо Сервис»',
    address: 'г. Павлодар, ул. Торайгырова, 64',
    heatMeterInstalled: true,
    accounts: [
      { accountNumber: '00009177', recipient: 'ТОО «Водоканал-Демо Сервис», административное здание', tariffGroup: '3' },
      { accountNumber: '00010129', recipient: 'ТОО «Водоканал-Демо Сервис», склад', tariffGroup: '3' },
    ],
  };
  const person: ContractUpserted = {
    contractNumber: '04008220',
    subscriberType: 'individual',
    iinBin: '850312300459',
    name: 'Иванов Иван Иванович',
    address: 'г. Павлодар, ул. Академика Сатпаева, 17, кв. 42',
    heatMeterInstalled: false,
    accounts: [{ accountNumber: '04008220', recipient: 'Иванов Иван Иванович', tariffGroup: '1' }],
  };
  const builder: ContractUpserted = {
    contractNumber: '3120',
    subscriberType: 'legal',
    iinBin: '200440015678',
    name: 'ТОО «Павлодар-Строй»',
    address: 'г. Павлодар, ул. Естая, 45',
    heatMeterInstalled: false,
    accounts: [{ accountNumber: '00011452', recipient: 'ТОО «Павлодар-Строй», офис', tariffGroup: '3' }],
  };
  const newcomer: ContractUpserted = {
    contractNumber: '04010577',
    subscriberType: 'individual',
    iinBin: '920715401231',
    name: 'Сейткали Айгерим Нурлановна',
    address: 'г. Павлодар, ул. Кутузова, 12, кв. 7',
    heatMeterInstalled: false,
    accounts: [{ accountNumber: '04010577', recipient: 'Сейткали Айгерим Нурлановна', tariffGroup: '1' }],
  };
  const [office, store] = legal.accounts;
  const zeroIn2019 = ['2019-10', '2019-11', '2019-12'].map((period) => ({ period, day: (day: number) => `${period}-${String(day).padStart(2, '0')}` }));

  const legalCold: MeterUpserted = {
    meterId: '2666-cold-12223773',
    contractNumber: '2666',
    accountNumber: '00009177',
    water: 'cold',
    factoryNumber: '12223773',
    verificationDate: inYears(3, '09-10'),
    state: 'installed',
    lastReading: { value: '131.200', date: m1.day(24), source: 'Контролёр' },
  };
  const personCold: MeterUpserted = {
    meterId: '04008220-cold-19873456',
    contractNumber: '04008220',
    accountNumber: '04008220',
    water: 'cold',
    factoryNumber: '19873456',
    verificationDate: inYears(4, '03-15'),
    state: 'installed',
    lastReading: { value: '56.120', date: m1.day(20), source: 'Сайт' },
  };

  return [
    contract(legal),
    contract(person),
    // A year of readings before M−1's: the consumption of M−1…M−3 is the office account's charged volume.
    ...readingsBefore('demo-meter-2666-cold', legalCold, at, 24, ['15.310', '13.900', '14.250', '9.120', '8.750', '9.480', '10.230', '10.610', '9.870', '9.340', '9.050', '8.900']),
    meter(`demo-meter-2666-cold-${m1.period}`, legalCold),
    // The manual's two refusals (Рисунок 13): a removed hot-water meter without a factory number, and
    // a working meter without one.
    meter('demo-meter-2666-hot-v1', { meterId: '2666-hot-1', contractNumber: '2666', accountNumber: '00009177', water: 'hot', factoryNumber: null, verificationDate: null, state: 'removed' }),
    // Its verification date moves with the year: each year's file revises it.
    meter(`demo-meter-2666-cold-2-${year}`, { meterId: '2666-cold-2', contractNumber: '2666', accountNumber: '00010129', water: 'cold', factoryNumber: null, verificationDate: inYears(2, '05-01'), state: 'installed' }, year),
    // A working hot-water meter whose verification ends in 20 days: the readings page's notice, and the
    // reminder e-mail (its id names the date, so a later day's file moves it along).
    meter(`demo-meter-2666-hot-12223774-verified-${addDays(today, VERIFICATION_IN_DAYS)}`, {
      meterId: '2666-hot-12223774',
      contractNumber: '2666',
      accountNumber: '00010129',
      water: 'hot',
      factoryNumber: '12223774',
      verificationDate: addDays(today, VERIFICATION_IN_DAYS),
      state: 'installed',
      lastReading: { value: '40.500', date: m1.day(24), source: 'Контролёр' },
    }),
    ...readingsBefore('demo-meter-04008220-cold', personCold, at, 20, ['4.480', '3.950', '4.200', '4.050', '3.880', '4.310', '4.620', '4.750', '4.410', '4.190', '3.960', '3.840']),
    meter(`demo-meter-04008220-cold-${m1.period}`, personCold),
    ...zeroIn2019.map((period) => charges('2666', period, { water: '197.02', sewerage: '204.5', vatRate: '12' }, [{ account: office, volume: '0' }, { account: store, volume: '0' }])),
    charges('2666', m3, TARIFF_LEGAL, [{ account: office, volume: '14.250' }, { account: store, volume: '6.800' }]),
    charges('2666', m2, TARIFF_LEGAL, [{ account: office, volume: '13.900' }, { account: store, volume: '7.120' }]),
    charges('2666', m1, TARIFF_LEGAL, [{ account: office, volume: '15.310' }, { account: store, volume: '6.450' }]),
    charges('04008220', m3, TARIFF_HOUSEHOLD, [{ account: person.accounts[0], volume: '4.200' }]),
    charges('04008220', m2, TARIFF_HOUSEHOLD, [{ account: person.accounts[0], volume: '3.950' }]),
    charges('04008220', m1, TARIFF_HOUSEHOLD, [{ account: person.accounts[0], volume: '4.480' }]),
    balance({ contractNumber: '2666', date: m3.day(1), amount: '1250.40' }),
    balance({ contractNumber: '04008220', date: m3.day(1), amount: '-150.00' }),
    // Each month's charges paid the month after, the last closed month's still owed by the company.
    payment({ paymentId: `PP-2666-${m3.period}-15`, contractNumber: '2666', date: m3.day(15), amount: '1250.40', document: 'Платёжное поручение № 815' }),
    payment({ paymentId: `PP-2666-${m2.period}-12`, contractNumber: '2666', date: m2.day(12), amount: '9804.32', document: 'Платёжное поручение № 912' }),
    payment({ paymentId: `PP-2666-${m1.period}-10`, contractNumber: '2666', date: m1.day(10), amount: '9790.35', document: 'Платёжное поручение № 1010' }),
    payment({ paymentId: `KASPI-04008220-${m2.period}-10`, contractNumber: '04008220', date: m2.day(10), amount: '1000.00', document: 'Kaspi.kz' }),
    payment({ paymentId: `KASPI-04008220-${m1.period}-09`, contractNumber: '04008220', date: m1.day(9), amount: '1000.00', document: 'Kaspi.kz' }),
    // Two contracts without a cabinet, to register one yourself (README).
    contract(builder),
    meter(`demo-meter-3120-cold-${m1.period}`, {
      meterId: '3120-cold-30551207',
      contractNumber: '3120',
      accountNumber: '00011452',
      water: 'cold',
      factoryNumber: '30551207',
      verificationDate: inYears(4, '06-01'),
      state: 'installed',
      lastReading: { value: '412.300', date: m1.day(22), source: 'Контролёр' },
    }),
    meter(`demo-meter-3120-hot-${m1.period}`, {
      meterId: '3120-hot-30551208',
      contractNumber: '3120',
      accountNumber: '00011452',
      water: 'hot',
      factoryNumber: '30551208',
      verificationDate: inYears(4, '06-01'),
      state: 'installed',
      lastReading: { value: '118.040', date: m1.day(22), source: 'Контролёр' },
    }),
    charges('3120', m1, TARIFF_LEGAL, [{ account: builder.accounts[0], volume: '12.500' }]),
    balance({ contractNumber: '3120', date: m1.day(1), amount: '0.00' }),
    contract(newcomer),
    meter(`demo-meter-04010577-cold-${m1.period}`, {
      meterId: '04010577-cold-41200933',
      contractNumber: '04010577',
      accountNumber: '04010577',
      water: 'cold',
      factoryNumber: '41200933',
      verificationDate: inYears(3, '12-01'),
      state: 'installed',
      lastReading: { value: '88.410', date: m1.day(19), source: 'Сайт' },
    }),
    meter(`demo-meter-04010577-hot-${m1.period}`, {
      meterId: '04010577-hot-41200934',
      contractNumber: '04010577',
      accountNumber: '04010577',
      water: 'hot',
      factoryNumber: '41200934',
      verificationDate: inYears(3, '12-01'),
      state: 'installed',
      lastReading: { value: '35.002', date: m1.day(19), source: 'Сайт' },
    }),
  ];
}
