import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DEFAULT_LOCALE } from '@app/shared-kernel';
import { TemplateRegistry } from '@app/web';
import { OutgoingMail } from './mailer';

/** Renders an e-mail family: `<name>.subject`, `<name>.text` and `<name>.html` (inside the e-mail layout), in one language. */
@Injectable()
export class MailRenderer {
  constructor(
    private readonly templates: TemplateRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  assertExists(template: string): void {
    for (const part of ['subject', 'text', 'html']) {
      if (!this.templates.has(`${template}.${part}`)) throw new Error(`E-mail template "${template}.${part}" does not exist`);
    }
  }

  render(template: string, to: string, params: Record<string, unknown>, locale: string = DEFAULT_LOCALE): OutgoingMail {
    this.assertExists(template);
    const model = { ...params, locale, publicUrl: this.config.publicUrl.origin, layout: false };
    const subject = this.templates.render(`${template}.subject`, model).trim();
    return {
      to,
      subject,
      text: this.templates.render(`${template}.text`, model).trim() + '\n',
      html: this.templates.render(`${template}.html`, { ...model, subject, layout: 'notifications/layouts/email' }),
    };
  }
}
