import { EntitySchema } from '@mikro-orm/core';
import { PersonalAccount } from '../../domain/personal-account';

export const PersonalAccountSchema = new EntitySchema<PersonalAccount>({
  class: PersonalAccount,
  tableName: 'personal_account',
  properties: {
    accountNumber: { type: 'text', primary: true },
    contractNumber: { type: 'text', index: 'personal_account_contract_idx' },
    recipient: { type: 'text' },
    tariffGroup: { type: 'text' },
    position: { type: 'integer' },
  },
});
