import { Injectable } from '@nestjs/common';
import type { TableExport } from '@app/documents';
import { Clock, FixedDecimal, formatLocalDate, formatLocalMoment, localDateOf, Locale } from '@app/shared-kernel';
import { Messages } from '@app/web';
import { yearMonthOf } from '../../domain/billing-period';
import { LedgerMonth, LedgerStatement } from '../../domain/ledger';
import { SCALE } from '../../domain/billing-decimals';
import { ContractDirectory, ContractView } from '../contract-directory';
import { BreakdownLine, ChargesBreakdownQuery } from '../queries/charges-breakdown.query';
import { LedgerQuery } from '../queries/ledger.query';
import { formatMoney, formatPlain } from './billing-format';

/** Who the reports are about: the contract (for an individual, the personal account) and its payer. */
export interface ReportHeader {
  /** «Договор» or, for an individual, «Лицевой счёт». */
  contractLabel: string;
  contractNumber: string;
  /** null while the back office has not published the contract. */
  subscriberType: 'legal' | 'individual' | null;
  payer: string;
}

/** A period's charge lines and their total, exact: what the breakdown page, its PDF and the API show. */
export interface BreakdownFigures extends ReportHeader {
  period: string;
  lines: BreakdownLine[];
  total: FixedDecimal;
}

/** «Состояние взаиморасчетов», exact. */
export interface SettlementsFigures extends ReportHeader {
  /** "YYYY-MM-DD", today in Kazakhstan. */
  asOf: string;
  /** Positive: the subscriber owes; negative: an overpayment. */
  balance: FixedDecimal;
  /** "YYYY-MM-DD" the ledger starts on (its opening balance), or null. */
  startsOn: string | null;
  /** The last period with charges (or the fallback one), unless it lies before the ledger starts. */
  lastPeriod: LedgerMonth | null;
}

/** «Сверка взаиморасчетов», exact. */
export interface ReconciliationFigures extends ReportHeader {
  statement: LedgerStatement;
  startsOn: string | null;
}

export interface BreakdownModel extends ReportHeader {
  period: string;
  year: number;
  monthName: string;
  empty: boolean;
  accounts: Array<{
    index: number;
    accountNumber: string;
    recipient: string;
    tariffGroup: string;
    rows: number;
    lines: Array<{ first: boolean; service: string; volume: string; tariff: string; vat: { text: string; rowspan: number } | null; amount: string }>;
  }>;
  total: string;
}

export interface MonthRow {
  label: string;
  opening: string;
  charges: string;
  payments: string;
  closing: string;
}

export interface SettlementsModel extends ReportHeader {
  asOf: string;
  balance: { kind: 'debt' | 'overpayment' | 'settled'; text: string };
  startsOn: string | null;
  lastPeriod: MonthRow | null;
}

export interface ReconciliationModel extends ReportHeader {
  fromLabel: string;
  toLabel: string;
  /** Set when the range began before the ledger's opening balance. */
  startsNote: string | null;
  empty: boolean;
  opening: string;
  months: MonthRow[];
  charges: string;
  payments: string;
  closing: string;
}

/**
 * The read models of Billing's subscriber pages and PDF reports, as display strings in one language
 * (the same model renders the page and, as a snapshot, the PDF). Every amount is computed exactly,
 * then formatted as the language writes it.
 */
@Injectable()
export class BillingReportModels {
  constructor(
    private readonly contracts: ContractDirectory,
    private readonly breakdown: ChargesBreakdownQuery,
    private readonly ledgers: LedgerQuery,
    private readonly messages: Messages,
    private readonly clock: Clock,
  ) {}

  monthName(month: number, locale: Locale, names: 'months' | 'monthsInText' = 'months'): string {
    return this.messages.t(`billing.${names}.${month}`, {}, locale);
  }

  /** «Ноябрь 2026», «Қараша 2026», «November 2026»: a period as a field's value. */
  periodLabel(period: string, locale: Locale): string {
    return this.labelOf(period, 'months', locale);
  }

  /**
   * The period inside a sentence or after a colon: «за ноябрь 2026», «…: қараша 2026», «for November
   * 2026» (Russian and Kazakh write month names in lower case there).
   */
  periodInText(period: string, locale: Locale): string {
    return this.labelOf(period, 'monthsInText', locale);
  }

  private labelOf(period: string, names: 'months' | 'monthsInText', locale: Locale): string {
    const { year, month } = yearMonthOf(period);
    return this.messages.t('billing.periodLabel', { month: this.monthName(month, locale, names), year }, locale);
  }

  async header(contractNumber: string, locale: Locale): Promise<ReportHeader> {
    const contract: ContractView | null = await this.contracts.findContract(contractNumber);
    return {
      contractLabel: this.messages.t(contract?.subscriberType === 'individual' ? 'billing.report.accountLabel' : 'billing.report.contractLabel', {}, locale),
      contractNumber,
      subscriberType: contract?.subscriberType ?? null,
      payer: contract?.name ?? '',
    };
  }

  /** A period's charge lines, in the page's order, and their total. */
  async breakdownFigures(contractNumber: string, period: string, locale: Locale): Promise<BreakdownFigures> {
    const lines = await this.breakdown.linesOf(contractNumber, period);
    const total = lines.reduce((sum, line) => sum.plus(line.amount), FixedDecimal.zero(SCALE.money));
    return { ...(await this.header(contractNumber, locale)), period, lines, total };
  }

  async chargesBreakdown(contractNumber: string, period: string, locale: Locale): Promise<BreakdownModel> {
    const { year, month } = yearMonthOf(period);
    const { lines, total, ...header } = await this.breakdownFigures(contractNumber, period, locale);
    const byAccount = new Map<string, BreakdownLine[]>();
    for (const line of lines) byAccount.set(line.accountNumber, [...(byAccount.get(line.accountNumber) ?? []), line]);
    const accounts = [...byAccount.values()].map((accountLines, index) => {
      // One VAT cell for the account when its lines share the rate (as in the manual), else one per line.
      const shared = accountLines.every((line) => line.vatRate.equals(accountLines[0].vatRate));
      return {
        index: index + 1,
        accountNumber: accountLines[0].accountNumber,
        recipient: accountLines[0].recipient,
        tariffGroup: accountLines[0].tariffGroup,
        rows: accountLines.length,
        lines: accountLines.map((line, position) => ({
          first: position === 0,
          service: this.messages.t(`billing.breakdown.service.${line.service}`, {}, locale),
          volume: formatPlain(line.volume),
          tariff: formatPlain(line.tariff),
          vat: !shared ? { text: formatPlain(line.vatRate), rowspan: 1 } : position === 0 ? { text: formatPlain(line.vatRate), rowspan: accountLines.length } : null,
          amount: formatMoney(line.amount, locale),
        })),
      };
    });
    return { ...header, year, monthName: this.monthName(month, locale), empty: lines.length === 0, accounts, total: formatMoney(total, locale) };
  }

  /**
   * The breakdown as a table to download (CSV, XLSX): one row per charge line, its account's number,
   * recipient and tariff group on each (a file has no merged cells to sort by), then «Итого». Figures
   * are exact: volumes and amounts at Billing's precision, tariffs and VAT rates as the page prints them.
   */
  breakdownTable(figures: BreakdownFigures, locale: Locale): TableExport {
    const t = (key: string, params?: Record<string, unknown>) => this.messages.t(key, params, locale);
    const column = (key: string) => t(`billing.breakdown.columns.${key}`);
    const accounts = [...new Set(figures.lines.map((line) => line.accountNumber))];
    return {
      filename: `charges-${figures.contractNumber}-${figures.period}`,
      sheet: t('billing.breakdown.title'),
      title: [
        t('billing.breakdown.reportTitle', { period: this.periodInText(figures.period, locale) }),
        t('billing.report.header', { label: figures.contractLabel, number: figures.contractNumber, payer: figures.payer }),
        t('billing.breakdown.legend'),
      ],
      columns: [
        { header: column('index'), kind: 'decimal' },
        { header: column('account'), kind: 'text' },
        { header: column('recipient'), kind: 'text' },
        { header: column('tariffGroup'), kind: 'text' },
        { header: column('service'), kind: 'text' },
        { header: column('volume'), kind: 'decimal', scale: SCALE.volume },
        { header: column('tariff'), kind: 'decimal' },
        { header: column('vat'), kind: 'decimal' },
        { header: column('amount'), kind: 'decimal', scale: SCALE.money },
      ],
      rows: figures.lines.map((line) => [
        String(accounts.indexOf(line.accountNumber) + 1),
        line.accountNumber,
        line.recipient,
        line.tariffGroup,
        t(`billing.breakdown.service.${line.service}`),
        line.volume.toString(),
        formatPlain(line.tariff),
        formatPlain(line.vatRate),
        line.amount.toString(),
      ]),
      footer: [[null, t('billing.breakdown.total'), null, null, null, null, null, null, figures.total.toString()]],
      createdAt: this.clock.now(),
    };
  }

  /**
   * The balance now and the last period with charges (`fallbackPeriod` when there is none yet), which
   * is left out when it lies before the ledger's opening balance.
   */
  async settlementsFigures(contractNumber: string, fallbackPeriod: string, locale: Locale): Promise<SettlementsFigures> {
    const ledger = await this.ledgers.of(contractNumber);
    const lastPeriod = ledger.lastChargedPeriod() ?? fallbackPeriod;
    const firstPeriod = ledger.firstPeriod();
    return {
      ...(await this.header(contractNumber, locale)),
      asOf: localDateOf(this.clock.now()),
      balance: ledger.currentBalance(),
      startsOn: ledger.startsOn(),
      lastPeriod: firstPeriod !== null && lastPeriod < firstPeriod ? null : ledger.month(lastPeriod),
    };
  }

  async settlements(contractNumber: string, fallbackPeriod: string, locale: Locale): Promise<SettlementsModel> {
    const { asOf, balance, startsOn, lastPeriod, ...header } = await this.settlementsFigures(contractNumber, fallbackPeriod, locale);
    return {
      ...header,
      asOf: formatLocalDate(asOf, locale),
      balance: this.balanceText(balance, locale),
      startsOn: startsOn ? formatLocalDate(startsOn, locale) : null,
      lastPeriod: lastPeriod ? this.monthRow(lastPeriod, locale) : null,
    };
  }

  /** The statement of `from`..`to` (a range checkStatementRange allows), from the ledger's start when it starts later. */
  async reconciliationFigures(contractNumber: string, from: string, to: string, locale: Locale): Promise<ReconciliationFigures> {
    const ledger = await this.ledgers.of(contractNumber);
    return { ...(await this.header(contractNumber, locale)), statement: ledger.statement(from, to), startsOn: ledger.startsOn() };
  }

  async reconciliation(contractNumber: string, from: string, to: string, locale: Locale): Promise<ReconciliationModel> {
    const { statement, startsOn, ...header } = await this.reconciliationFigures(contractNumber, from, to, locale);
    return {
      ...header,
      fromLabel: this.periodLabel(from, locale),
      toLabel: this.periodLabel(to, locale),
      startsNote: statement.clipped && startsOn ? this.messages.t('billing.reconciliation.startsOn', { date: formatLocalDate(startsOn, locale) }, locale) : null,
      empty: statement.months.length === 0,
      opening: formatMoney(statement.opening, locale),
      months: statement.months.map((month) => this.monthRow(month, locale)),
      charges: formatMoney(statement.charges, locale),
      payments: formatMoney(statement.payments, locale),
      closing: formatMoney(statement.closing, locale),
    };
  }

  /** The model's common frame for a PDF: its title and when it was made. */
  documentFrame(title: string, locale: Locale): { documentTitle: string; generatedAt: string } {
    return { documentTitle: title, generatedAt: formatLocalMoment(this.clock.now(), locale) };
  }

  private monthRow(month: LedgerMonth, locale: Locale): MonthRow {
    return {
      label: this.periodLabel(month.period, locale),
      opening: formatMoney(month.opening, locale),
      charges: formatMoney(month.charges, locale),
      payments: formatMoney(month.payments, locale),
      closing: formatMoney(month.closing, locale),
    };
  }

  /** «Задолженность: 10 135.01 тг», «Переплата: …» or «Задолженности нет», and which it is. */
  balanceText(balance: FixedDecimal, locale: Locale): SettlementsModel['balance'] {
    if (balance.isZero()) return { kind: 'settled', text: this.messages.t('billing.settlements.settled', {}, locale) };
    if (balance.isNegative()) return { kind: 'overpayment', text: this.messages.t('billing.settlements.overpayment', { amount: formatMoney(balance.negate(), locale) }, locale) };
    return { kind: 'debt', text: this.messages.t('billing.settlements.debt', { amount: formatMoney(balance, locale) }, locale) };
  }
}
