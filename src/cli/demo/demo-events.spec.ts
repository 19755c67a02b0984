import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackofficeEventValidator } from '@app/messaging';
import { addDays, FixedDecimal } from '@app/shared-kernel';
import { demoEvents, lineAmount, UNUSUAL_DEMO_READING, VERIFICATION_IN_DAYS } from './demo-events';

/** The month `offset` months from the one of `today` ("YYYY-MM-DD"), "YYYY-MM". */
function month(today: string, offset: number): string {
  const [year, monthNumber] = today.split('-').map(Number);
  const index = year * 12 + monthNumber - 1 + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const money = (text: string) => FixedDecimal.parse(text, 2)!;
const sum = (amounts: string[]) => amounts.reduce((total, amount) => total.plus(money(amount)), FixedDecimal.zero(2)).toString();

describe('the demo data', () => {
  it('computes each line as volume × tariff × (1 + VAT), rounded half up to the tiyn', () => {
    expect(lineAmount('15.310', '197.02', '16')).toBe('3499.00');
    expect(lineAmount('15.310', '204.5', '16')).toBe('3631.84');
    expect(lineAmount('13.900', '197.02', '16')).toBe('3176.75');
    expect(lineAmount('4.480', '98.51', '16')).toBe('511.94');
    expect(lineAmount('0', '197.02', '12')).toBe('0.00');
  });

  describe.each(['2026-12-01', '2027-01-01', '2028-02-29', '2028-03-01', '2027-06-15'])('made on %s', (today) => {
    const events = demoEvents(today);
    const [m1, m2, m3] = [month(today, -1), month(today, -2), month(today, -3)];
    const of = <T>(type: string, contractNumber: string) => events.filter((event) => event.type === type && (event.payload as { contractNumber?: string }).contractNumber === contractNumber).map((event) => event.payload as T);

    it('is valid for the inbound contract, event by event, with ids of their own', () => {
      const validator = new BackofficeEventValidator();
      for (const event of events) expect([event.id, validator.validate(event.type, event.payload).valid]).toEqual([event.id, true]);
      expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    });

    it("revises each entity upwards (docs/integration.md, «Order»): a meter's readings in date order, and a later day's file above this one's", () => {
      const revisions = new Map<string, number[]>();
      for (const event of events) {
        const payload = event.payload as { revision?: number; meterId?: string; contractNumber?: string; period?: string; paymentId?: string };
        expect([event.id, typeof payload.revision]).toEqual([event.id, 'number']);
        const key = `${event.type}:${payload.meterId ?? payload.paymentId ?? payload.contractNumber}:${payload.period ?? ''}`;
        revisions.set(key, [...(revisions.get(key) ?? []), payload.revision!]);
      }
      for (const [key, list] of revisions) expect([key, list]).toEqual([key, [...list].sort((a, b) => a - b).filter((r, i, all) => i === 0 || r > all[i - 1])]);
      const lastOf = (all: typeof events, meterId: string) => (all.filter((event) => (event.payload as { meterId?: string }).meterId === meterId).at(-1)!.payload as { revision: number }).revision;
      const later = demoEvents(`${month(today, 1)}-01`);
      for (const meterId of ['2666-cold-12223773', '04008220-cold-19873456', '3120-cold-30551207']) expect(lastOf(later, meterId)).toBeGreaterThan(lastOf(events, meterId));
    });

    it('charges and pays the last two closed months of both demo cabinets', () => {
      for (const contractNumber of ['2666', '04008220']) {
        const periods = of<{ period: string }>('charges.published', contractNumber).map((charges) => charges.period);
        expect(periods).toEqual(expect.arrayContaining([m3, m2, m1]));
        const paid = of<{ date: string }>('payment.recorded', contractNumber).map((payment) => payment.date.slice(0, 7));
        expect(paid).toEqual(expect.arrayContaining([m2, m1]));
        for (const payment of of<{ date: string }>('payment.recorded', contractNumber)) expect(payment.date < today).toBe(true);
      }
      expect(of('charges.published', '2666').map((charges) => (charges as { period: string }).period)).toEqual(expect.arrayContaining(['2019-10', '2019-11', '2019-12']));
    });

    it('leaves the company owing exactly the last closed month, and the household 791.29 (docs/demo-data.md)', () => {
      const balanceOf = (contractNumber: string) => {
        const [opening] = of<{ amount: string }>('balance.opened', contractNumber);
        const charged = of<{ lines: Array<{ amount: string }> }>('charges.published', contractNumber).flatMap((charges) => charges.lines.map((line) => line.amount));
        const paid = of<{ amount: string }>('payment.recorded', contractNumber).map((payment) => payment.amount);
        return money(sum([opening.amount, ...charged])).minus(money(sum(paid))).toString();
      };
      expect(balanceOf('2666')).toBe('10135.01');
      const lastMonth = of<{ period: string; lines: Array<{ amount: string }> }>('charges.published', '2666').find((charges) => charges.period === m1)!;
      expect(sum(lastMonth.lines.map((line) => line.amount))).toBe('10135.01');
      expect(balanceOf('04008220')).toBe('791.29');
    });

    it("has the back office's last readings from the last closed month, and verifications still ahead", () => {
      const meters = events.filter((event) => event.type === 'meter.upserted').map((event) => event.payload as { meterId: string; verificationDate: string | null; lastReading?: { date: string } });
      // Each meter's last event (the one that stays) is of M−1.
      const last = new Map(meters.map((meter) => [meter.meterId, meter]));
      expect([...last.values()].filter((meter) => meter.lastReading).map((meter) => meter.lastReading!.date.slice(0, 7))).toEqual(Array(7).fill(m1));
      for (const meter of meters) if (meter.verificationDate) expect(meter.verificationDate > today).toBe(true);
    });

    it('has one working meter whose verification ends within 30 days, in the legal entity\'s cabinet', () => {
      const soon = [...new Map(events.filter((event) => event.type === 'meter.upserted').map((event) => [(event.payload as { meterId: string }).meterId, event.payload as { meterId: string; contractNumber: string; state: string; verificationDate: string | null }])).values()].filter(
        (meter) => meter.verificationDate !== null && meter.verificationDate <= addDays(today, 30),
      );
      expect(soon.map((meter) => [meter.meterId, meter.contractNumber, meter.state, meter.verificationDate])).toEqual([['2666-hot-12223774', '2666', 'installed', addDays(today, VERIFICATION_IN_DAYS)]]);
    });

    it('makes the suggested unusual value of docs/demo-data.md more than 3 times the average month of the last year, and more than 10 m³', () => {
      const readings = events
        .filter((event) => event.type === 'meter.upserted' && (event.payload as { meterId: string }).meterId === UNUSUAL_DEMO_READING.meterId)
        .map((event) => FixedDecimal.parse((event.payload as { lastReading: { value: string } }).lastReading.value, 3)!);
      // Thirteen readings, one a month from M−13 to M−1: twelve months of consumption, all within the last year.
      expect(readings).toHaveLength(13);
      const total = readings[12].minus(readings[0]);
      const consumption = FixedDecimal.parse(UNUSUAL_DEMO_READING.value, 3)!.minus(readings[12]);
      expect(consumption.toString()).toBe('48.800');
      expect(consumption.units * 12n > total.units * 3n).toBe(true);
      expect(consumption.units > 10_000n).toBe(true);
    });

    it('gives both demo cabinets’ cold meters a year of readings before M−1, the consumption of M−1…M−3 the charged volume', () => {
      const readingsOf = (meterId: string) =>
        events.filter((event) => event.type === 'meter.upserted' && (event.payload as { meterId: string }).meterId === meterId).map((event) => (event.payload as { lastReading: { date: string; value: string } }).lastReading);
      for (const [meterId, volumes] of [['2666-cold-12223773', ['15.310', '13.900', '14.250']], ['04008220-cold-19873456', ['4.480', '3.950', '4.200']]] as const) {
        const readings = readingsOf(meterId);
        expect(readings.map((reading) => reading.date.slice(0, 7))).toEqual(Array.from({ length: 13 }, (_, i) => month(today, i - 13)));
        const value = (i: number) => FixedDecimal.parse(readings[i].value, 3)!;
        expect(volumes.map((_, i) => value(12 - i).minus(value(11 - i)).toString())).toEqual(volumes);
        // Never lower than the month before: the consumption history counts every month.
        for (let i = 1; i < readings.length; i += 1) expect(value(i).compare(value(i - 1))).toBe(1);
      }
    });
  });
});

describe('demo/events.json', () => {
  it('is the demo data made on 2026-11-25, the fixed example of the docs', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'demo', 'events.json'), 'utf8'));
    expect(file).toEqual(demoEvents('2026-11-25'));
  });
});
