import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { DocumentRequests, DocumentState } from './document-requests';

/** The NOTIFY channel on which the pdf worker says that a document is ready or has failed (its id as payload). */
export const DOCUMENT_SETTLED_CHANNEL = 'document_settled';
export const DOCUMENT_SETTLEMENTS_DATABASE_URL = Symbol('DOCUMENT_SETTLEMENTS_DATABASE_URL');

/** How long one wait may last without a notification before the row is read again (a lost notification costs no more). */
const RECHECK_MS = 500;
/** Between two attempts to connect the listener while PostgreSQL is away. */
const RECONNECT_MS = 2_000;

/**
 * The web process's side of the one-click download: waits a short while for a document to be ready (or
 * to fail), woken by the pdf worker's NOTIFY on DOCUMENT_SETTLED_CHANNEL (one LISTEN connection per
 * process). Without the listener (PostgreSQL away, not connected yet) it reads the row again every
 * RECHECK_MS instead, so it answers the same, later at worst.
 */
@Injectable()
export class DocumentSettlements implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DocumentSettlements.name);
  private listener: Client | undefined;
  private running = false;
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    @Inject(DOCUMENT_SETTLEMENTS_DATABASE_URL) private readonly databaseUrl: string,
    private readonly documents: DocumentRequests,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    void this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    for (const wakes of this.waiters.values()) for (const wake of wakes) wake();
  }

  /**
   * The document's state once it is no longer pending, or as it is after `ms` (still pending); null
   * when it does not exist or belongs to someone else.
   */
  async settled(id: string, ownerId: string, ms: number): Promise<DocumentState | null> {
    const deadline = Date.now() + ms;
    let wake: () => void = () => undefined;
    let woken = false;
    const wakes = this.waiters.get(id) ?? new Set<() => void>();
    this.waiters.set(id, wakes);
    const onWake = () => {
      woken = true;
      wake();
    };
    wakes.add(onWake);
    try {
      for (;;) {
        // Registered before reading, so that a notification between the read and the wait is not lost.
        woken = false;
        const state = await this.documents.stateFor(id, ownerId);
        const left = deadline - Date.now();
        if (!state || state.status !== 'pending' || left <= 0 || !this.running) return state;
        if (!woken) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(left, RECHECK_MS));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    } finally {
      wakes.delete(onWake);
      if (wakes.size === 0) this.waiters.delete(id);
    }
  }

  private async listen(): Promise<void> {
    while (this.running && !this.listener) {
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'document-settlements' });
      client.on('error', () => {
        if (this.listener === client) {
          this.listener = undefined;
          void client.end().catch(() => undefined);
          void this.listen();
        }
      });
      client.on('notification', (message) => {
        for (const wake of this.waiters.get(message.payload ?? '') ?? []) wake();
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${DOCUMENT_SETTLED_CHANNEL}`);
        if (!this.running) {
          await client.end();
          return;
        }
        this.listener = client;
      } catch (error) {
        await client.end().catch(() => undefined);
        this.logger.warn(`Cannot listen for finished documents, reading their rows instead: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    }
  }
}
