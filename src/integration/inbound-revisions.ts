import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { RevisionClaim } from './inbound-ordering';

/**
 * The last revision applied to each back-office entity (table inbound_revision), raised in the same
 * transaction as the event's effects. The raise is one conditional upsert: it takes the entity's row
 * lock, so a second transaction raising the same entity waits for the first to commit (or roll back)
 * and then compares with what it committed: of two workers applying revisions 5 and 7 at once, 7 wins
 * whatever the order, and 5 is stale.
 */
@Injectable()
export class InboundRevisions {
  constructor(private readonly sql: PlainSql) {}

  /**
   * Raises the entity to the claimed revision when it is above the one applied (or none was): answers
   * null, and the event is to be applied. Otherwise answers the revision applied (the event is stale).
   */
  async raise(claim: RevisionClaim): Promise<string | null> {
    const raised = await this.sql.query(
      `insert into inbound_revision (entity, key, revision) values ($1, $2, $3)
       on conflict (entity, key) do update set revision = excluded.revision, applied_at = now() where inbound_revision.revision < excluded.revision
       returning revision`,
      [claim.entity, claim.key, claim.revision],
    );
    if (raised.length > 0) return null;
    const [row] = await this.sql.query<{ revision: string }>('select revision from inbound_revision where entity = $1 and key = $2', [claim.entity, claim.key]);
    return row?.revision ?? String(claim.revision);
  }
}
