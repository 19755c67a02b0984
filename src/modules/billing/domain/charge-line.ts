import { FixedDecimal } from '@app/shared-kernel';

export type Service = 'water' | 'sewerage';

/** One line of a period's charges: a personal account's water supply («в») or sewerage («к»). */
export class ChargeLine {
  contractNumber!: string;
  /** "YYYY-MM". */
  period!: string;
  accountNumber!: string;
  service!: Service;
  recipient!: string;
  tariffGroup!: string;
  /** m³, scale 3. */
  volume!: FixedDecimal;
  /** tenge per m³, scale 4. */
  tariff!: FixedDecimal;
  /** percent, scale 2: comes with each line, never assumed. */
  vatRate!: FixedDecimal;
  /** tenge, scale 2. */
  amount!: FixedDecimal;
  position!: number;
}
