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

/*
 * What the functions below run inside the page (page.evaluate) use of the DOM. The project compiles
 * without the DOM's types (lib ES2023), so they are declared here, for this file only.
 */
interface InPageBox { right: number; width: number; height: number }
interface InPageElement {
  id: string;
  tagName: string;
  textContent: string | null;
  scrollWidth: number;
  clientWidth: number;
  parentElement: InPageElement | null;
  matches(selector: string): boolean;
  closest(selector: string): InPageElement | null;
  getBoundingClientRect(): InPageBox;
  querySelector(selector: string): InPageElement | null;
  submit(): void;
}
declare const document: {
  activeElement: InPageElement | null;
  documentElement: InPageElement;
  querySelector(selector: string): InPageElement | null;
  querySelectorAll(selector: string): ArrayLike<InPageElement>;
};
declare const window: { innerWidth: number };
declare function getComputedStyle(element: InPageElement): { outlineStyle: string; outlineWidth: string };

/** The WCAG 2.2 A/AA rules the cabinet keeps at 0 violations on every page (issue 18). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's violations on the page as it is now, one readable line per element. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).options({ resultTypes: ['violations'] }).setLegacyMode(true).analyze();
  return results.violations.flatMap((violation: Result) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? '-'}): ${violation.help} — ${node.target.join(' ')} — ${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  );
}

/** How far the page scrolls sideways (0 when it fits its window). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * The controls a finger taps that are less than 44 px high (or wide) on the page as it is now: buttons,
 * fields, lists, the menu's and the header's links, tabs, link rows; links inside a sentence are exempt
 * (as in WCAG 2.5.5), and so is a checkbox, whose label row is the target.
 */
export function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'button, input:not([type=hidden]):not([type=checkbox]), select, .button, nav a, .links a, .tabs a, label[for="menu-toggle"], .form-row.checkbox';
    return Array.from(document.querySelectorAll(selector)).flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || element.closest('[hidden], dialog:not([open])')) return [];
      return box.height < 44 - 0.5 || box.width < 44 - 0.5 ? [`${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} «${(element.textContent ?? '').trim().slice(0, 30)}» ${Math.round(box.width)}×${Math.round(box.height)}`] : [];
    });
  });
}

/** What has the focus: its id and tag, and the focus ring drawn for it (for the menu's hidden checkbox, by its label). */
export function focusedElement(page: Page): Promise<{ id: string; tag: string; outline: string; outlineWidth: number }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return { id: '', tag: '', outline: 'none', outlineWidth: 0 };
    const drawn = element.id === 'menu-toggle' ? (document.querySelector('label[for="menu-toggle"]') ?? element) : element;
    const style = getComputedStyle(drawn);
    return { id: element.id, tag: element.tagName.toLowerCase(), outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) };
  });
}

/** Whether the focused element matches `selector`. */
export function focusIsOn(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
}

/** How far the readings table reaches past its box and its last column past the page's main area (≤ 0: nothing cut off). */
export function readingsTableCut(page: Page): Promise<{ table: number; lastColumn: number }> {
  return page.evaluate(() => {
    const table = document.querySelector('table.readings-table');
    const main = document.querySelector('main');
    const last = table?.querySelector('thead th:last-child');
    if (!table || !table.parentElement || !main || !last) throw new Error('no readings table');
    return { table: table.scrollWidth - table.parentElement.clientWidth, lastColumn: last.getBoundingClientRect().right - main.getBoundingClientRect().right };
  });
}

/** Sends the form as a browser without JavaScript would: past its submit handlers. */
export function submitWithoutScript(page: Page, formSelector: string): Promise<void> {
  return page.evaluate((s) => document.querySelector(s)?.submit(), formSelector);
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
