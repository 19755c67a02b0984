import type { INestApplicationContext } from '@nestjs/common';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import type { ContractUpserted } from '@app/messaging';
import { Commands } from '@app/persistence';
import { UpsertContract } from '@modules/billing';
import { RegisterSubscriber } from '@modules/identity';
import { eventually } from './test-app';
import type { SmtpCapture } from './smtp-capture';

/** Publishes the contract through Billing's command, as the inbound processor does. */
export async function seedContract(app: INestApplicationContext, payload: ContractUpserted): Promise<ContractUpserted> {
  await app.get(Commands).execute(new UpsertContract(payload));
  return payload;
}

/**
 * A confirmed cabinet for the contract: published, registered through Identity's command and confirmed
 * as a subscriber does it, by the link of the confirmation e-mail. Returns its login.
 */
export async function registeredSubscriber(app: INestApplicationContext, smtp: SmtpCapture, origin: string, contract: ContractUpserted, email: string, password: string): Promise<string> {
  await seedContract(app, contract);
  await app.get(Commands).execute(
    new RegisterSubscriber({
      subscriberType: contract.subscriberType,
      name: contract.name,
      email,
      password,
      passwordConfirmation: password,
      iinBin: contract.iinBin,
      number: contract.contractNumber,
      invoiceByEmail: false,
    }),
  );
  const link = new URL(linkIn(await mailTo(smtp, email, 'Подтверждение регистрации'), '/register/confirm'));
  await request(origin).get(`${link.pathname}${link.search}`).expect((res) => expect(res.status).toBeLessThan(400));
  return contract.subscriberType === 'legal' ? `vk${contract.contractNumber}` : contract.contractNumber;
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
