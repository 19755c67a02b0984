/**
 * The last revision applied to one entity of the back office (a contract with its accounts, a meter, a
 * contract's period of charges, a payment, a contract's opening balance): events whose revision is not
 * above it are stale (docs/integration.md, «Order»).
 */
export class InboundRevision {
  /** What kind of entity: contract, meter, charges, payment, balance. */
  entity!: string;
  /** Its key: the contract number, the meter id, "<contract>/<period>", the payment id. */
  key!: string;
  revision!: string;
  appliedAt!: Date;
}
