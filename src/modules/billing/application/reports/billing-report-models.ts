import { Injectable } from '@nestjs/common';
import { Clock, FixedDecimal, formatLocalDate, formatLocalMoment, localDateOf } from '@app/shared-kernel';
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
 * The read models of Billing's subscriber pages and PDF reports, as display strings (the same model
 * renders the page and, as a snapshot, the PDF). Every amount is computed exactly, then formatted.
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

  monthName(month: number): string {
    return this.messages.t(`billing.months.${month}`);
  }

  periodLabel(period: string): string {
    const { year, month } = yearMonthOf(period);
    return `${this.monthName(month)} ${year}`;
  }

  async header(contractNumber: string): Promise<ReportHeader> {
    const contract: ContractView | null = await this.contracts.findContract(contractNumber);
    return {
      contractLabel: this.messages.t(contract?.subscriberType === 'individual' ? 'billing.report.accountLabel' : 'billing.report.contractLabel'),
      contractNumber,
      payer: contract?.name ?? '',
    };
  }

  async chargesBreakdown(contractNumber: string, period: string): Promise<BreakdownModel> {
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
          service: this.messages.t(`billing.breakdown.service.${line.service}`),
          volume: formatPlain(line.volume),
          tariff: formatPlain(line.tariff),
          vat: !shared ? { text: formatPlain(line.vatRate), rowspan: 1 } : position === 0 ? { text: formatPlain(line.vatRate), rowspan: accountLines.length } : null,
          amount: formatMoney(line.amount),
        })),
      };
    });
    const total = lines.reduce((sum, line) => sum.plus(line.amount), FixedDecimal.zero(SCALE.money));
    return { ...(await this.header(contractNumber)), period, year, monthName: this.monthName(month), empty: lines.length === 0, accounts, total: formatMoney(total) };
  }

  async settlements(contractNumber: string, fallbackPeriod: string): Promise<SettlementsModel> {
    const ledger = await this.ledgers.of(contractNumber);
    const balance = ledger.currentBalance();
    const lastPeriod = ledger.lastChargedPeriod() ?? fallbackPeriod;
    const startsOn = ledger.startsOn();
    return {
      ...(await this.header(contractNumber)),
      asOf: formatLocalDate(localDateOf(this.clock.now())),
      balance: this.balanceText(balance),
      startsOn: startsOn ? formatLocalDate(startsOn) : null,
      lastPeriod: ledger.firstPeriod() !== null && lastPeriod < ledger.firstPeriod()! ? null : this.monthRow(ledger.month(lastPeriod)),
    };
  }

  async reconciliation(contractNumber: string, from: string, to: string): Promise<ReconciliationModel> {
    const ledger = await this.ledgers.of(contractNumber);
    const statement = ledger.statement(from, to);
    const startsOn = ledger.startsOn();
    return {
      ...(await this.header(contractNumber)),
      fromLabel: this.periodLabel(from),
      toLabel: this.periodLabel(to),
      startsNote: statement.clipped && startsOn ? this.messages.t('billing.reconciliation.startsOn', { date: formatLocalDate(startsOn) }) : null,
      empty: statement.months.length === 0,
      opening: formatMoney(statement.opening),
      months: statement.months.map((month) => this.monthRow(month)),
      charges: formatMoney(statement.charges),
      payments: formatMoney(statement.payments),
      closing: formatMoney(statement.closing),
    };
  }

  /** The model's common frame for a PDF: its title and when it was made. */
  documentFrame(title: string): { documentTitle: string; generatedAt: string } {
    return { documentTitle: title, generatedAt: formatLocalMoment(this.clock.now()) };
  }

  private monthRow(month: LedgerMonth): MonthRow {
    return {
      label: this.periodLabel(month.period),
      opening: formatMoney(month.opening),
      charges: formatMoney(month.charges),
      payments: formatMoney(month.payments),
      closing: formatMoney(month.closing),
    };
  }

  private balanceText(balance: FixedDecimal): SettlementsModel['balance'] {
    if (balance.isZero()) return { kind: 'settled', text: this.messages.t('billing.settlements.settled') };
    if (balance.isNegative()) return { kind: 'overpayment', text: this.messages.t('billing.settlements.overpayment', { amount: formatMoney(balance.negate()) }) };
    return { kind: 'debt', text: this.messages.t('billing.settlements.debt', { amount: formatMoney(balance) }) };
  }
}
