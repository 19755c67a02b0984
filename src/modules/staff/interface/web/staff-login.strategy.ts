import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { StaffLogin } from '../../application/staff-login';
import type { StaffAccount } from '../../domain/staff-account';

export const STAFF_LOGIN = 'staff-login';

/** The staff login form (POST /admin/login): login and password of a staff account, from the body only; throttled (StaffLogin). */
@Injectable()
export class StaffLoginStrategy extends PassportStrategy(Strategy, STAFF_LOGIN) {
  constructor(private readonly staffLogin: StaffLogin) {
    super({ usernameField: 'login', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(req: Request, login: unknown, password: unknown): Promise<StaffAccount | null> {
    const body = req.body as Record<string, unknown> | undefined;
    // passport-local falls back to the query string, where a password would end up in access logs.
    if (typeof login !== 'string' || typeof password !== 'string' || body?.login !== login || body?.password !== password) return null;
    return (await this.staffLogin.logIn(login, password, req.ip ?? req.socket.remoteAddress ?? 'unknown')) ?? null;
  }
}
