import type { INestApplicationContext } from '@nestjs/common';
import type { ParsedMail } from 'mailparser';
import type { ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { IinBin } from '@app/shared-kernel';
import { UpsertContract } from '@modules/billing';
import { eventually } from './test-app';
import type { SmtpCapture } from './smtp-capture';

let sequence = 0;

/** A contract as the back office would publish it, with a valid IIN/BIN of its own. */
export function contractPayload(type: 'legal' | 'individual', overrides: Partial<ContractUpserted> = {}): ContractUpserted {
  sequence += 1;
  const unique = `${Date.now() % 1_000_000}${sequence}`.padStart(8, '0').slice(-8);
  const contractNumber = overrides.contractNumber ?? (type === 'legal' ? `7${unique.slice(-5)}` : `04${unique.slice(-6)}`);
  let iinBin: string | undefined;
  for (let tail = 0; !iinBin; tail += 1) {
    try {
      iinBin = IinBin.complete(`${type === 'legal' ? '19034' : '85031'}${String(Number(unique) + tail).padStart(6, '0').slice(-6)}`).value;
    } catch {
      iinBin = undefined;
    }
  }
  return {
    contractNumber,
    subscriberType: type,
    iinBin,
    name: type === 'legal' ? 'ТОО «Тестовая компания»' : 'Петров Пётр Петрович',
    address: 'г. Павлодар, ул. Ленина, 1',
    heatMeterInstalled: false,
    accounts:
      type === 'legal'
        ? [
            { accountNumber: `5${contractNumber}1`, recipient: 'Офис', tariffGroup: '3' },
            { accountNumber: `5${contractNumber}2`, recipient: 'Склад', tariffGroup: '3' },
          ]
        : [{ accountNumber: contractNumber, recipient: 'Петров Пётр Петрович', tariffGroup: '1' }],
    ...overrides,
  };
}

/** Publishes the contract through Billing's command, as the inbound processor does. */
export async function seedContract(app: INestApplicationContext, payload: ContractUpserted): Promise<ContractUpserted> {
  await app.get(Commands).execute(new UpsertContract(payload));
  return payload;
}

/** The newest e-mail to `address` whose subject contains `subject`, waiting for it to arrive. */
export function mailTo(smtp: SmtpCapture, address: string, subject: string, after = 0): Promise<ParsedMail> {
  return eventually(() => smtp.to(address).filter((mail) => (mail.subject ?? '').includes(subject))[after], 20_000, `an e-mail "${subject}" to ${address}`);
}

/** The first link of this site in an e-mail's plain-text part. */
export function linkIn(mail: ParsedMail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, (c) => `\\${c}`)}[^\\s]*`).exec(mail.text ?? '');
  if (!match) throw new Error(`No link to ${path} in the e-mail:\n${mail.text}`);
  return match[0];
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token in the page');
  return match[1];
}

export function sessionIdOf(setCookie: unknown): string | undefined {
  return /vk\.sid=([^;]+)/.exec(String(setCookie ?? ''))?.[1];
}
