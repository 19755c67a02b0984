import { DomainEvent } from '@app/shared-kernel';

/** Carries only the id of the mail row: no addresses, links or tokens in job data. */
export class EmailRequested extends DomainEvent<{ mailId: string; template: string }> {
  readonly eventName = 'email.requested';

  constructor(readonly mailId: string, readonly template: string, occurredAt: Date) {
    super(occurredAt, mailId);
  }

  toPrimitives() {
    return { mailId: this.mailId, template: this.template };
  }
}
