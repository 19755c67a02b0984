export * from './chromium-pdf-renderer';
export * from './document-request';
export * from './document-requested.event';
export * from './document-requests';
export * from './documents.module';
export * from './pdf-renderer';
export * from './pdf.processor';
