import { EntitySchema } from '@mikro-orm/core';
import { DocumentRequest } from './document-request';

export const DocumentRequestSchema = new EntitySchema<DocumentRequest>({
  class: DocumentRequest,
  tableName: 'document_request',
  indexes: [
    { name: 'document_request_owner_idx', properties: ['ownerId', 'createdAt'] },
    { name: 'document_request_expires_idx', properties: ['expiresAt'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    ownerId: { type: 'text' },
    kind: { type: 'text' },
    template: { type: 'text' },
    filename: { type: 'text' },
    title: { type: 'text', nullable: true },
    locale: { type: 'text', default: 'ru' },
    params: { type: 'json' },
    mail: { type: 'json', nullable: true },
    status: { type: 'text', default: 'pending' },
    content: { type: 'blob', columnType: 'bytea', nullable: true, lazy: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
    mailId: { type: 'uuid', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    readyAt: { type: 'datetime', nullable: true },
    expiresAt: { type: 'datetime' },
  },
});
