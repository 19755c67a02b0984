export { DocumentRequests } from './document-requests';
export type { DocumentState } from './document-requests';
export { DocumentsModule } from './documents.module';
export { RendererStatusReader } from './renderer-status';
export { sendTable } from './tables/send-table';
export { tableFormatOf } from './tables/table-export';
export type { TableExport } from './tables/table-export';
