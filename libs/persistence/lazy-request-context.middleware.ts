import { Injectable, NestMiddleware } from '@nestjs/common';
import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/core';
import type { AsyncLocalStorage } from 'node:async_hooks';

/** RequestContext's own async storage (private in its typings; `RequestContext.create` forks eagerly). */
const storage = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;

/**
 * The request's EntityManager forks, made on first use: a request that only runs commands (each in a
 * unit of work of its own) or reads nothing through the ORM never pays for a fork.
 */
class LazyForks extends Map<string, EntityManager> {
  private forking = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    let em = super.get(name);
    // While the fork is being built (its constructor asks for the context), there is none yet: the
    // global EntityManager answers, as with MikroORM's own RequestContext.create.
    if (em === undefined && !this.forking && name === this.root.name) {
      this.forking = true;
      try {
        em = this.root.fork({ useContext: true, disableContextResolution: true });
      } finally {
        this.forking = false;
      }
      this.set(name, em);
    }
    return em;
  }
}

/**
 * MikroORM's request context (what `@mikro-orm/nestjs` registers with `registerRequestContext`), each
 * request with a fork of its own, created lazily.
 */
@Injectable()
export class LazyRequestContextMiddleware implements NestMiddleware {
  constructor(private readonly orm: MikroORM) {}

  use(_req: unknown, _res: unknown, next: () => void): void {
    storage.run(new RequestContext(new LazyForks(this.orm.em)), next);
  }
}
