import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { MailAttachment, MailAttachments } from '@app/notifications';

/** Resolves `attachments: [{ documentId }]` of an e-mail to the generated PDF (ready, whatever its owner). */
@Injectable()
export class DocumentMailAttachments extends MailAttachments {
  constructor(private readonly orm: MikroORM) {
    super();
  }

  async load(documentId: string): Promise<MailAttachment | null> {
    const rows = await this.orm.em
      .fork()
      .execute<Array<{ filename: string; content: Buffer }>>(`select filename, content from document_request where id = ? and status = 'ready' and content is not null`, [documentId]);
    const row = rows[0];
    return row ? { filename: row.filename, contentType: 'application/pdf', content: Buffer.from(row.content) } : null;
  }
}
