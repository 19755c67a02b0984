import { EntitySchema } from '@mikro-orm/core';
import { StaffAccount } from '../../domain/staff-account';

export const StaffAccountSchema = new EntitySchema<StaffAccount>({
  class: StaffAccount,
  tableName: 'staff_account',
  properties: {
    id: { type: 'uuid', primary: true },
    login: { type: 'text', unique: true },
    passwordHash: { type: 'text' },
    role: { type: 'text', default: 'viewer' },
    createdAt: { type: 'datetime' },
  },
});
