import { Injectable, NestMiddleware } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/core';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A request's fork of the ORM, made on first use: a request that only runs commands (each in a unit of
 * work of its own) or reads nothing through the ORM never pays for a fork.
 */
class RequestFork {
  private fork?: EntityManager;
  private forking = false;

  constructor(private readonly root: EntityManager) {}

  get(name: string): EntityManager | undefined {
    // While the fork is being built there is none yet: the global EntityManager answers, as it does
    // while MikroORM's own RequestContext.create forks.
    if (this.fork === undefined && !this.forking && name === this.root.name) {
      this.forking = true;
      try {
        this.fork = this.root.fork({ useContext: true, disableContextResolution: true });
      } finally {
        this.forking = false;
      }
    }
    return this.fork;
  }
}

const requests = new AsyncLocalStorage<RequestFork>();

/** The fork of the HTTP request running in this async context (made now if it is the first use), if any. */
export function requestEntityManager(name: string): EntityManager | undefined {
  return requests.getStore()?.get(name);
}

/**
 * What `@mikro-orm/nestjs` registers with `registerRequestContext`, with a store of our own that the
 * ORM config's `context` reads (entityManagerOfContext): each request has a fork of its own, created lazily.
 */
@Injectable()
export class LazyRequestContextMiddleware implements NestMiddleware {
  constructor(private readonly orm: MikroORM) {}

  use(_req: unknown, _res: unknown, next: () => void): void {
    requests.run(new RequestFork(this.orm.em), next);
  }
}
