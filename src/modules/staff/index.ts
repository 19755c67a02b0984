export { StaffModule, StaffAccountsModule } from './staff.module';
export { StaffAccounts } from './application/staff-accounts';
