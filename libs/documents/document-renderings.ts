import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { DEFAULT_LOCALE } from '@app/shared-kernel';
import { DocumentMail, DocumentRequest, DocumentStatus } from './document-request';
import { DOCUMENT_SETTLED_CHANNEL } from './document-settlements';

interface RequestRow {
  id: string;
  owner_id: string;
  kind: string;
  template: string;
  filename: string;
  title: string | null;
  locale: string | null;
  params: Record<string, unknown>;
  mail: DocumentMail | null;
  status: DocumentStatus;
  attempts: number;
  last_error: string | null;
  mail_id: string | null;
  created_at: string;
  ready_at: string | null;
  expires_at: string;
}

/** Everything of a request but its PDF: $1 its id. */
const FIND = `select id, owner_id, kind, template, filename, title, locale, params, mail, status, attempts, last_error, mail_id, created_at, ready_at, expires_at
                from document_request where id = $1`;

/**
 * A settled request's state, if it is still pending, and NOTIFY to the web processes in the same
 * statement (delivered at its commit): $1 id, $2 status, $3 content, $4 ready_at, $5 last_error,
 * $6 params, $7 attempts. One row when it was stored, none when it was no longer pending.
 */
const SETTLE = `with stored as (
                  update document_request set status = $2, content = $3, ready_at = $4, last_error = $5, params = $6::jsonb, attempts = $7
                   where id = $1 and status = 'pending' returning id)
                select pg_notify('${DOCUMENT_SETTLED_CHANNEL}', id::text) from stored`;

/** An attempt that failed and will be retried: $1 id, $2 attempts, $3 last_error. */
const NOTE_ATTEMPT = `update document_request set attempts = $2, last_error = $3 where id = $1 and status = 'pending'`;

/** The e-mail that carries a rendered request: $1 id, $2 mail_id. */
const NOTE_MAIL = `update document_request set mail_id = $2 where id = $1`;

/**
 * The pdf worker's reads and writes of a document request, in plain SQL, one statement each: no fork of
 * the ORM, no change sets, no query-builder transaction. The ORM's two reads (the second under a row
 * lock), its update and the NOTIFY took about a third of the worker's CPU per PDF in bench:pdf; a
 * conditional update (`status = 'pending'`) does what the row lock did. The rules stay DocumentRequest's
 * (isExpired, complete, fail): this loads one and stores what its methods changed. Inside a unit of work
 * the statements run in its transaction (PlainSql).
 */
@Injectable()
export class DocumentRenderings {
  constructor(private readonly sql: PlainSql) {}

  /** The request without its PDF, or null when there is none. */
  async find(id: string): Promise<DocumentRequest | null> {
    const [row] = await this.sql.query<RequestRow>(FIND, [id]);
    return row ? requestOf(row) : null;
  }

  /**
   * Stores a request that `complete` or `fail` has settled, if nothing has settled it meanwhile (another
   * worker that had the same job), and tells the web processes (DocumentSettlements). False when it was
   * no longer pending: nothing is written then.
   */
  async settle(document: DocumentRequest): Promise<boolean> {
    const rows = await this.sql.query(SETTLE, [document.id, document.status, document.content, document.readyAt, document.lastError, JSON.stringify(document.params), document.attempts]);
    return rows.length === 1;
  }

  /** Stores a failed attempt that the queue will retry (its count and error), while the request is pending. */
  async noteAttempt(document: DocumentRequest): Promise<void> {
    await this.sql.query(NOTE_ATTEMPT, [document.id, document.attempts, document.lastError]);
  }

  /** Stores the e-mail the rendered request was sent with. */
  async noteMail(document: DocumentRequest): Promise<void> {
    await this.sql.query(NOTE_MAIL, [document.id, document.mailId]);
  }
}

function requestOf(row: RequestRow): DocumentRequest {
  return Object.assign(new DocumentRequest(), {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind,
    template: row.template,
    filename: row.filename,
    title: row.title,
    locale: row.locale ?? DEFAULT_LOCALE,
    params: row.params,
    mail: row.mail,
    status: row.status,
    content: null,
    attempts: row.attempts,
    lastError: row.last_error,
    mailId: row.mail_id,
    createdAt: new Date(row.created_at),
    readyAt: row.ready_at === null ? null : new Date(row.ready_at),
    expiresAt: new Date(row.expires_at),
  });
}
