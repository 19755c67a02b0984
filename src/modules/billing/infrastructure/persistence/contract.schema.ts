import { EntitySchema } from '@mikro-orm/core';
import { Contract } from '../../domain/contract.aggregate';

export const ContractSchema = new EntitySchema<Contract>({
  class: Contract,
  tableName: 'contract',
  // AggregateRoot keeps its events in a private field that only the constructor creates.
  forceConstructor: true,
  properties: {
    contractNumber: { type: 'text', primary: true },
    subscriberType: { type: 'text' },
    iinBin: { type: 'text', index: 'contract_iin_bin_idx' },
    name: { type: 'text' },
    address: { type: 'text' },
    heatMeterInstalled: { type: 'boolean' },
    // Rows of personal_account, loaded and saved by the repository.
    accounts: { type: 'json', persist: false },
  },
});
