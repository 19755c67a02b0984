import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MailRenderer } from '@app/notifications';
import { Outbox, PlainSql } from '@app/persistence';
import { Clock, DEFAULT_LOCALE, Locale } from '@app/shared-kernel';
import { TemplateRegistry } from '@app/web';
import { DocumentMail, DocumentRequest } from './document-request';
import { DocumentRequested } from './document-requested.event';
import type { DocumentFile } from './send-document';

/** How long a generated document stays downloadable. */
export const DOCUMENT_TTL_MS = 24 * 3600 * 1000;

export interface NewDocument {
  ownerId: string;
  kind: string;
  /** A template under a `templates/` or `views/` folder, rendered inside `documents/layouts/pdf`. */
  template: string;
  filename: string;
  /** What it is, in its language: the name of the downloaded file (see DocumentRequest.title). */
  title?: string;
  params: Record<string, unknown>;
  /** The language of the PDF and of its e-mail (the default language when not given). */
  locale?: Locale;
  mail?: DocumentMail;
}

/** What the owner's status page shows. */
export interface DocumentState {
  id: string;
  kind: string;
  filename: string;
  status: 'pending' | 'ready' | 'failed' | 'expired';
  createdAt: Date;
  /** Where the e-mail goes, when one was asked for. */
  mailTo: string | null;
  mailStatus: 'pending' | 'sent' | 'failed' | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StateRow {
  id: string;
  kind: string;
  filename: string;
  status: 'pending' | 'ready' | 'failed';
  created_at: string;
  expired: boolean;
  mail_to: string | null;
  mail_status: 'pending' | 'sent' | 'failed' | null;
}

/** A new request: $1 id … $12 expires_at (its PDF comes later, from the pdf worker). */
const INSERT = `insert into document_request (id, owner_id, kind, template, filename, title, locale, params, mail, status, created_at, expires_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12)`;

/** The owner's view of a request: $1 now, $2 its id, $3 its owner. */
const STATE = `select d.id, d.kind, d.filename, d.status, d.created_at, d.expires_at <= $1 as expired,
                      d.mail->>'to' as mail_to, m.status as mail_status
                 from document_request d left join mail_message m on m.id = d.mail_id
                where d.id = $2 and d.owner_id = $3`;

/** The PDF of a ready request that has not expired: $1 its id, $2 its owner, $3 now. */
const FILE = `select filename, title, content from document_request where id = $1 and owner_id = $2 and status = 'ready' and expires_at > $3`;

/**
 * Asks for documents as part of the current unit of work (the row and its outbox event are written in
 * the same transaction; the pdf worker renders it), and reads them back for their owner only. In plain
 * SQL (named statements, no ORM fork or query builder): every report's request, status page and
 * download runs through it, and a unit of work on plain SQL only can ask for one.
 */
@Injectable()
export class DocumentRequests {
  constructor(
    private readonly sql: PlainSql,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly templates: TemplateRegistry,
    private readonly mailRenderer: MailRenderer,
  ) {}

  async request(input: NewDocument): Promise<string> {
    // Fail in the request, not in the worker, when a template does not exist.
    if (!this.templates.has(input.template)) throw new Error(`Document template "${input.template}" does not exist`);
    if (input.mail) this.mailRenderer.assertExists(input.mail.template);
    const now = this.clock.now();
    const document = new DocumentRequest();
    document.id = randomUUID();
    document.ownerId = input.ownerId;
    document.kind = input.kind;
    document.template = input.template;
    document.filename = input.filename;
    document.title = input.title ?? null;
    document.locale = input.locale ?? DEFAULT_LOCALE;
    document.params = input.params;
    document.mail = input.mail ?? null;
    document.createdAt = now;
    document.expiresAt = new Date(now.getTime() + DOCUMENT_TTL_MS);
    await this.sql.query(INSERT, [
      document.id,
      document.ownerId,
      document.kind,
      document.template,
      document.filename,
      document.title,
      document.locale,
      JSON.stringify(document.params),
      document.mail === null ? null : JSON.stringify(document.mail),
      document.status,
      document.createdAt,
      document.expiresAt,
    ]);
    this.outbox.add(new DocumentRequested(document.id, document.kind, now));
    return document.id;
  }

  /** The document's state, or null when it does not exist or belongs to someone else. */
  async stateFor(id: string, ownerId: string): Promise<DocumentState | null> {
    if (!UUID.test(id)) return null;
    const rows = await this.sql.query<StateRow>(STATE, [this.clock.now(), id, ownerId]);
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      kind: row.kind,
      filename: row.filename,
      status: row.expired ? 'expired' : row.status,
      createdAt: new Date(row.created_at),
      mailTo: row.mail_to,
      mailStatus: row.mail_to === null ? null : (row.mail_status ?? 'pending'),
    };
  }

  /** The PDF, if it is ready, not expired and belongs to `ownerId`. */
  async fileFor(id: string, ownerId: string): Promise<DocumentFile | null> {
    if (!UUID.test(id)) return null;
    const rows = await this.sql.query<DocumentFile>(FILE, [id, ownerId, this.clock.now()]);
    return rows[0] ?? null;
  }
}
