import { Injectable } from '@nestjs/common';
import { Clock, FixedDecimal, formatLocalDate, formatLocalMoment, localDateOf, Locale } from '@app/shared-kernel';
import { Messages } from '@app/web';
import { yearMonthOf } from '../../domain/billing-period';
import { LedgerMonth } from '../../domain/ledger';
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
  payer: string;
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

  monthName(month: number, locale: Locale): string {
    return this.messages.t(`billing.months.${month}`, {}, locale);
  }

  /** «Ноябрь 2026», «Қараша 2026», «November 2026». */
  periodLabel(period: string, locale: Locale): string {
    const { year, month } = yearMonthOf(period);
    return this.messages.t('billing.periodLabel', { month: this.monthName(month, locale), year }, locale);
  }

  async header(contractNumber: string, locale: Locale): Promise<ReportHeader> {
    const contract: ContractView | null = await this.contracts.findContract(contractNumber);
    return {
      contractLabel: this.messages.t(contract?.subscriberType === 'individual' ? 'billing.report.accountLabel' : 'billing.report.contractLabel', {}, locale),
      contractNumber,
      payer: contract?.name ?? '',
    };
  }

  async chargesBreakdown(contractNumber: string, period: string, locale: Locale): Promise<BreakdownModel> {
    const { year, month } = yearMonthOf(period);
    const lines = await this.breakdown.linesOf(contractNumber, period);
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
    const total = lines.reduce((sum, line) => sum.plus(line.amount), FixedDecimal.zero(SCALE.money));
    return { ...(await this.header(contractNumber, locale)), period, year, monthName: this.monthName(month, locale), empty: lines.length === 0, accounts, total: formatMoney(total, locale) };
  }

  async settlements(contractNumber: string, fallbackPeriod: string, locale: Locale): Promise<SettlementsModel> {
    const ledger = await this.ledgers.of(contractNumber);
    const balance = ledger.currentBalance();
    const lastPeriod = ledger.lastChargedPeriod() ?? fallbackPeriod;
    const startsOn = ledger.startsOn();
    return {
      ...(await this.header(contractNumber, locale)),
      asOf: formatLocalDate(localDateOf(this.clock.now()), locale),
      balance: this.balanceText(balance, locale),
      startsOn: startsOn ? formatLocalDate(startsOn, locale) : null,
      lastPeriod: ledger.firstPeriod() !== null && lastPeriod < ledger.firstPeriod()! ? null : this.monthRow(ledger.month(lastPeriod), locale),
    };
  }

  async reconciliation(contractNumber: string, from: string, to: string, locale: Locale): Promise<ReconciliationModel> {
    const ledger = await this.ledgers.of(contractNumber);
    const statement = ledger.statement(from, to);
    const startsOn = ledger.startsOn();
    return {
      ...(await this.header(contractNumber, locale)),
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

  private balanceText(balance: FixedDecimal, locale: Locale): SettlementsModel['balance'] {
    if (balance.isZero()) return { kind: 'settled', text: this.messages.t('billing.settlements.settled', {}, locale) };
    if (balance.isNegative()) return { kind: 'overpayment', text: this.messages.t('billing.settlements.overpayment', { amount: formatMoney(balance.negate(), locale) }, locale) };
    return { kind: 'debt', text: this.messages.t('billing.settlements.debt', { amount: formatMoney(balance, locale) }, locale) };
  }
}
