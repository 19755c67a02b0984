import type { Request } from 'express';

/** Queues a message for the next page this session sees. */
export function flash(req: Request, type: 'success' | 'error' | 'info', text: string): void {
  if (!req.session) return;
  req.session.flash = [...(req.session.flash ?? []), { type, text }];
}
