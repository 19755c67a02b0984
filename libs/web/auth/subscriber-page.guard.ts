import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { SUBSCRIBER_SESSION } from './subscriber-session.strategy';

/** Nobody is signed in to the session: the guard answers with a redirect instead. */
class SignInRequired extends Error {}

/**
 * Pages: lets only a signed-in subscriber through (`@UseGuards(SubscriberPageGuard)` on any context's
 * controller); anyone else is sent to /login, which brings a GET back to where it was headed.
 */
@Injectable()
export class SubscriberPageGuard extends AuthGuard(SUBSCRIBER_SESSION) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (!(error instanceof SignInRequired)) throw error;
      const req = context.switchToHttp().getRequest<Request>();
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      // Answered here: the ForbiddenException Nest raises for `false` finds the response sent and stops.
      context.switchToHttp().getResponse<Response>().redirect(303, `/login${next}`);
      return false;
    }
  }

  override handleRequest<T>(error: unknown, subscriber: T | false): T {
    if (error) throw error;
    if (!subscriber) throw new SignInRequired();
    return subscriber;
  }
}
