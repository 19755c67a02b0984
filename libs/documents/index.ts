export { DocumentRequests } from './document-requests';
export type { DocumentState } from './document-requests';
export { DocumentsModule } from './documents.module';
export { RendererStatusReader } from './renderer-status';
export { sendTable } from './tables/send-table';
export { TABLE_MEDIA_TYPES, tableFormatOf } from './tables/table-export';
export type { TableCell, TableColumn, TableExport, TableFormat } from './tables/table-export';
