import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Redirect, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Locale } from '@app/shared-kernel';
import { Messages, RequestLocale } from '@app/web';
import { DevMailbox, linksIn } from './dev-mailbox';

/** /dev/mailbox: the messages the development mailbox kept. Registered only outside production without SMTP_URL. */
@ApiExcludeController()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(
    private readonly mailbox: DevMailbox,
    private readonly messages: Messages,
  ) {}

  @Get()
  @Render('notifications/dev-mailbox/list')
  async list(@RequestLocale() locale: Locale) {
    const mails = await this.mailbox.list();
    return { title: this.messages.t('web.devMailbox.title', {}, locale), mails: mails.map((mail) => ({ ...mail, date: shownDate(mail.date) })) };
  }

  @Get(':id')
  @Render('notifications/dev-mailbox/show')
  async show(@Param('id', ParseUUIDPipe) id: string) {
    const mail = await this.mailbox.find(id);
    if (!mail) throw new NotFoundException();
    // The links of the message, clickable here (the HTML part below is sandboxed).
    // `attachments` is always given: the templates are strict, and a mail without any has none stored.
    return { title: mail.subject, mail: { ...mail, attachments: mail.attachments ?? [], date: shownDate(mail.date) }, links: linksIn(mail.text) };
  }

  /** The HTML part as sent, in its own document with a CSP that forbids scripts. */
  @Get(':id/html')
  async html(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const mail = await this.mailbox.find(id);
    if (!mail) throw new NotFoundException();
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
    res.type('text/html; charset=utf-8').send(mail.html);
  }

  @Post('clear')
  @Redirect('/dev/mailbox', 303)
  async clear() {
    await this.mailbox.clear();
  }
}

/** When the message was kept, in UTC and saying so (the messages themselves give Pavlodar's time). */
function shownDate(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 19)} UTC`;
}
