import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { STAFF_LOGIN } from './staff-login.strategy';

/**
 * The staff login: lets the request through with the staff account in `req.user` when
 * StaffLoginStrategy accepts it; otherwise an UnauthorizedException, which StaffLoginRefusedFilter turns
 * into the form again.
 */
@Injectable()
export class StaffLoginGuard extends AuthGuard(STAFF_LOGIN) {}
