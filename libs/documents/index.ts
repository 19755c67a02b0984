export { DocumentRequests } from './document-requests';
export type { DocumentState } from './document-requests';
export { DocumentSettlements } from './document-settlements';
export { DocumentsModule } from './documents.module';
export { sendDocument } from './send-document';
export { RendererStatusReader } from './renderer-status';
export { sendTable } from './tables/send-table';
export { tableFormatOf } from './tables/table-export';
export type { TableExport } from './tables/table-export';
