import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/*
 * Billing's answers in the REST API. Amounts and other decimals are exact decimal strings at Billing's
 * precision (money "10135.01", volumes "15.310", tariffs "197.0200", VAT rates "16.00"), never JSON
 * numbers; dates "YYYY-MM-DD", periods "YYYY-MM".
 */

export class ChargeLineDto {
  @ApiProperty({ example: '00009177' }) accountNumber!: string;
  @ApiProperty({ example: 'ТОО «Водоканал-Демо Сервис», административное здание' }) recipient!: string;
  @ApiProperty({ example: '3' }) tariffGroup!: string;
  @ApiProperty({ enum: ['water', 'sewerage'], example: 'water', description: 'water supply («в») or sewerage («к»)' }) service!: string;
  @ApiProperty({ example: '15.310', description: 'm³' }) volume!: string;
  @ApiProperty({ example: '197.0200', description: 'тг per m³' }) tariff!: string;
  @ApiProperty({ example: '16.00', description: 'VAT, %, as the back office published it with the line' }) vatRate!: string;
  @ApiProperty({ example: '3499.00', description: 'тг, VAT included' }) amount!: string;
}

export class ChargesBreakdownDto {
  @ApiProperty({ example: '2666', description: 'the contract (for an individual, the personal account)' }) contractNumber!: string;
  @ApiProperty({ example: 'ТОО «Водоканал-Демо Сервис»' }) payer!: string;
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: [ChargeLineDto], description: 'in the order of the accounts, water before sewerage; empty when the period has no charges' }) lines!: ChargeLineDto[];
  @ApiProperty({ example: '10135.01' }) total!: string;
}

export class LedgerMonthDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ example: '9790.35', description: 'balance at the start of the month (positive: owed)' }) opening!: string;
  @ApiProperty({ example: '10135.01' }) charges!: string;
  @ApiProperty({ example: '9790.35' }) payments!: string;
  @ApiProperty({ example: '10135.01' }) closing!: string;
}

export class SettlementsDto {
  @ApiProperty({ example: '2666' }) contractNumber!: string;
  @ApiProperty({ example: 'ТОО «Водоканал-Демо Сервис»' }) payer!: string;
  @ApiProperty({ example: '2026-11-20', description: 'today in Kazakhstan' }) asOf!: string;
  @ApiProperty({ example: '10135.01', description: 'positive: the subscriber owes; negative: an overpayment' }) balance!: string;
  @ApiProperty({ enum: ['debt', 'overpayment', 'settled'], example: 'debt' }) balanceKind!: string;
  @ApiProperty({ example: 'Задолженность: 10 135.01 тг', description: 'as the page says it' }) balanceText!: string;
  @ApiProperty({ nullable: true, type: String, example: '2026-08-01', description: 'the date of the opening balance the ledger starts from' }) ledgerStartsOn!: string | null;
  @ApiProperty({ type: LedgerMonthDto, nullable: true, description: 'the last period with charges; null when there is none since the ledger starts' }) lastPeriod!: LedgerMonthDto | null;
}

export class ReconciliationDto {
  @ApiProperty({ example: '2666' }) contractNumber!: string;
  @ApiProperty({ example: 'ТОО «Водоканал-Демо Сервис»' }) payer!: string;
  @ApiProperty({ example: '2026-07', description: 'as asked' }) from!: string;
  @ApiProperty({ example: '2026-10' }) to!: string;
  @ApiProperty({ example: '2026-08', description: 'the first month shown: `from`, or the month the ledger starts in when that is later' }) shownFrom!: string;
  @ApiProperty({ example: true, description: 'whether the range began before the ledger starts' }) clipped!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '2026-08-01' }) ledgerStartsOn!: string | null;
  @ApiProperty({ example: '1250.40' }) opening!: string;
  @ApiProperty({ type: [LedgerMonthDto] }) months!: LedgerMonthDto[];
  @ApiProperty({ example: '29729.68' }) charges!: string;
  @ApiProperty({ example: '20845.07' }) payments!: string;
  @ApiProperty({ example: '10135.01' }) closing!: string;
}

export const REPORT_KINDS = ['charges-breakdown', 'reconciliation'] as const;
export const DELIVERIES = ['download', 'email'] as const;

export class ReportRequestDto {
  @ApiProperty({ enum: REPORT_KINDS, example: 'charges-breakdown' })
  @IsIn(REPORT_KINDS)
  kind!: (typeof REPORT_KINDS)[number];

  @ApiPropertyOptional({ example: '2026-10', description: 'charges-breakdown: the period (default: the previous month)' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  period?: string;

  @ApiPropertyOptional({ example: '2026-08', description: 'reconciliation: the first month (default: two months before `to`)' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  from?: string;

  @ApiPropertyOptional({ example: '2026-10', description: 'reconciliation: the last month (default: the previous month); at most 60 months from `from`' })
  @IsOptional()
  @IsString()
  @MaxLength(7)
  to?: string;

  @ApiPropertyOptional({ enum: DELIVERIES, default: 'download', description: "download: fetch the PDF from `fileUrl` when ready; email: the PDF is also e-mailed to the subscriber's address" })
  @IsOptional()
  @IsIn(DELIVERIES)
  delivery?: (typeof DELIVERIES)[number];
}

export class ReportMailDto {
  @ApiProperty({ example: 'buh@example.kz' }) to!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'], example: 'sent' }) status!: string;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid', example: '0f3a8e52-7c1d-4b6e-9a2f-5d8c1e4b7a90' }) id!: string;
  @ApiProperty({ enum: REPORT_KINDS, example: 'charges-breakdown' }) kind!: string;
  @ApiProperty({ enum: DELIVERIES, example: 'email' }) delivery!: string;
  @ApiProperty({
    enum: ['pending', 'ready', 'failed', 'expired'],
    example: 'ready',
    description: 'pending: being made (poll this resource); ready: the PDF can be fetched for 24 hours; failed: it could not be made; expired: made, then deleted',
  })
  status!: string;
  @ApiProperty({ example: 'charges-2666-2026-10.pdf' }) filename!: string;
  @ApiProperty({ example: '2026-11-20T06:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: ReportMailDto, nullable: true, description: 'the e-mail, for delivery=email' }) email!: ReportMailDto | null;
  @ApiProperty({ nullable: true, type: String, example: '/api/v1/reports/0f3a8e52-7c1d-4b6e-9a2f-5d8c1e4b7a90/file', description: 'set when ready' }) fileUrl!: string | null;
}
