/**
 * A broken business rule. `code` is stable and namespaced by context (`METERING.METER_REMOVED`);
 * adapters map it to an HTTP status or a catalogue message. No HTTP knowledge here.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
    if (!/^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)+$/.test(code)) {
      throw new Error(`DomainError code must be namespaced like CONTEXT.RULE, got "${code}"`);
    }
  }

  /** The bounded context the code belongs to, e.g. `METERING`. */
  get context(): string {
    return this.code.slice(0, this.code.indexOf('.'));
  }
}

/** Several rules broken at once (e.g. every refused row of a submission), reported together. */
export class DomainErrors extends DomainError {
  constructor(
    code: string,
    readonly errors: readonly DomainError[],
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(code, errors.map((error) => error.message).join('; '), details);
    this.name = 'DomainErrors';
  }
}

/** A small named check at the top of an aggregate method. */
export interface BusinessRule {
  isBroken(): boolean;
  error(): DomainError;
}

export function checkRule(rule: BusinessRule): void {
  if (rule.isBroken()) throw rule.error();
}
