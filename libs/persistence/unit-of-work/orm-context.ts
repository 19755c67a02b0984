import type { EntityManager } from '@mikro-orm/core';
import { requestEntityManager } from './lazy-request-context.middleware';
import { RunningUnit } from './running-unit';

/**
 * The ORM config's `context` (createOrmConfig), which MikroORM asks whenever the global EntityManager is
 * used: inside a unit of work, the unit's fork (refused in a unit run on plain SQL only, where the ORM
 * would read and write outside its transaction); otherwise, in an HTTP request, the request's fork.
 */
export function entityManagerOfContext(name: string): EntityManager | undefined {
  const unit = RunningUnit.current();
  if (unit) return unit.entityManager();
  return requestEntityManager(name);
}
