export { StaffModule, StaffAccountsModule } from './staff.module';
export { StaffAccounts } from './application/staff-accounts';
export { parseStaffRole } from './domain/staff-account';
export type { StaffRole } from './domain/staff-account';
