import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { configureWebApp, requestValidationPipe } from '@app/web';
import { AppModule } from './app.module';
import type { ProcessOptions } from './core.module';

/** The web application exactly as `main.ts` serves it; tests create it the same way. */
export async function createWebApp(config: AppConfig, options: ProcessOptions & { bufferLogs?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { clock: options.clock }), {
    bufferLogs: options.bufferLogs ?? true,
    bodyParser: true,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('urlencoded', { extended: false, limit: '100kb' });
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(requestValidationPipe());
  configureWebApp(app, config);

  const openApi = new DocumentBuilder()
    .setTitle('Водоканал: API личного кабинета')
    .setDescription('REST API of the subscriber cabinet. Errors are application/problem+json (RFC 9457) with a stable `code`; their `title` and `detail`, and every message, are in the Accept-Language language (ru, the default; kk; en).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs-json' });

  app.enableShutdownHooks();
  return app;
}
