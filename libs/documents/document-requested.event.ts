import { DomainEvent } from '@app/shared-kernel';

/** Carries only the id of the document_request row (and its kind, for the dashboard). */
export class DocumentRequested extends DomainEvent<{ documentId: string; kind: string }> {
  readonly eventName = 'document.requested';

  constructor(
    readonly documentId: string,
    readonly kind: string,
    occurredAt: Date,
  ) {
    super(occurredAt, documentId);
  }

  toPrimitives() {
    return { documentId: this.documentId, kind: this.kind };
  }
}
