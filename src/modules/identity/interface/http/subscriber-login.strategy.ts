import { BadRequestException, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { Commands } from '@app/persistence';
import type { AuthenticatedSubscriber } from '@app/web';
import { LogIn } from '../../application/commands/log-in/log-in.command';
import { clientAddress } from '../web/client-address';

export const SUBSCRIBER_LOGIN = 'subscriber-login';

/** The longest login and password a login attempt may carry (as TokenRequestDto documents them). */
const MAX_LOGIN = 300;
const MAX_PASSWORD = 1000;

/**
 * The login and password of a login attempt, from its body only; a 400 when they are not strings there
 * (a JSON body may carry anything) or are too long. passport-local would also take them from the query
 * string, where a password would end up in access logs.
 */
export function credentialsOf(req: Request): { login: string; password: string } {
  const { login, password } = (req.body ?? {}) as Record<string, unknown>;
  if (typeof login !== 'string' || typeof password !== 'string' || login.length > MAX_LOGIN || password.length > MAX_PASSWORD) {
    throw new BadRequestException(`login and password are strings in the request body, of at most ${MAX_LOGIN} and ${MAX_PASSWORD} characters`);
  }
  return { login, password };
}

/**
 * Login and password, from the login form (POST /login) or the API (POST /api/v1/auth/token, JSON):
 * the LogIn command checks them, with its throttle and its answers (a wrong login or password, not
 * confirmed, too many attempts) raised as they are for the page or the API to show.
 */
@Injectable()
export class SubscriberLoginStrategy extends PassportStrategy(Strategy, SUBSCRIBER_LOGIN) {
  constructor(private readonly commands: Commands) {
    super({ usernameField: 'login', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(req: Request, login: string, password: string): Promise<AuthenticatedSubscriber> {
    const credentials = credentialsOf(req);
    if (credentials.login !== login || credentials.password !== password) throw new BadRequestException('login and password go in the request body');
    return this.commands.execute<AuthenticatedSubscriber>(new LogIn(login.trim(), password, clientAddress(req)));
  }
}
