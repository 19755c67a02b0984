import { Global, Module } from '@nestjs/common';
import { Messages } from '../i18n/messages';
import { TemplateRegistry } from './template-registry';

/** The message catalogue and the compiled templates, loaded once per process. */
@Global()
@Module({
  providers: [
    { provide: Messages, useFactory: () => new Messages() },
    { provide: TemplateRegistry, useFactory: (messages: Messages) => new TemplateRegistry(messages), inject: [Messages] },
  ],
  exports: [Messages, TemplateRegistry],
})
export class TemplatesModule {}
