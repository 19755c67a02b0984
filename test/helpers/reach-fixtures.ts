import type { INestApplicationContext } from '@nestjs/common';
import AxeBuilder from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import type { ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { OpenBalance, PublishCharges } from '@modules/billing';
import { UpsertMeter } from '@modules/metering';
import { aContract } from '../../src/modules/billing/testing/contract.mother';
import { registeredSubscriber } from './identity-fixtures';
import type { SmtpCapture } from './smtp-capture';
import type { monthFrom } from './test-clock';

/** The WCAG 2.2 A/AA rules the cabinet keeps at 0 violations on every page (issue 18). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's violations on the page as it is now, one readable line per element. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  return results.violations.flatMap((violation: Result) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? '-'}): ${violation.help} — ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  );
}

/** How far the page scrolls sideways (0 when it fits its window). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * A legal entity's confirmed cabinet with what every cabinet page shows: two working meters with the
 * back office's last reading, last month's charges and a balance. Returns its login and first meter.
 */
export async function cabinetWithEverything(
  app: INestApplicationContext,
  smtp: SmtpCapture,
  origin: string,
  previous: ReturnType<typeof monthFrom>,
  password: string,
  overrides: Partial<ContractUpserted> = {},
): Promise<{ login: string; contract: ContractUpserted; meterId: string }> {
  const contract = aContract('legal', overrides);
  const login = await registeredSubscriber(app, smtp, origin, contract, `reach-${contract.contractNumber}@example.kz`, password);
  const commands = app.get(Commands);
  const account = contract.accounts[0];
  await commands.execute(
    new PublishCharges({
      contractNumber: contract.contractNumber,
      period: previous.period,
      lines: [
        { ...account, service: 'water', volume: '15.310', tariff: '197.02', vatRate: '16', amount: '3499.00' },
        { ...account, service: 'sewerage', volume: '15.310', tariff: '204.5', vatRate: '16', amount: '6636.01' },
      ],
    }),
  );
  await commands.execute(new OpenBalance({ contractNumber: contract.contractNumber, date: `${previous.period}-01`, amount: '0' }));
  const meterId = `M-${contract.contractNumber}-cold`;
  for (const [id, water, factoryNumber] of [[meterId, 'cold', '12223773'], [`M-${contract.contractNumber}-hot`, 'hot', '40045521']] as const) {
    await commands.execute(
      new UpsertMeter({ meterId: id, contractNumber: contract.contractNumber, accountNumber: account.accountNumber, water, factoryNumber, verificationDate: `${previous.year + 9}-01-01`, state: 'installed', lastReading: { value: '100', date: `${previous.period}-20`, source: 'controller' } }),
    );
  }
  return { login, contract, meterId };
}
