/** A personal account (лицевой счёт) of a contract: who receives the service and its tariff group. */
export class PersonalAccount {
  accountNumber!: string;
  contractNumber!: string;
  recipient!: string;
  tariffGroup!: string;
  position!: number;

  static of(contractNumber: string, props: { accountNumber: string; recipient: string; tariffGroup: string }, position: number): PersonalAccount {
    const account = new PersonalAccount();
    account.accountNumber = props.accountNumber;
    account.contractNumber = contractNumber;
    account.recipient = props.recipient;
    account.tariffGroup = props.tariffGroup;
    account.position = position;
    return account;
  }
}
