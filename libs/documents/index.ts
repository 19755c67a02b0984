export { DocumentRequests } from './document-requests';
export type { DocumentState } from './document-requests';
export { DocumentsModule } from './documents.module';
export { RendererStatusReader } from './renderer-status';
