import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SubscriberAccountRepository } from '../../../domain/subscriber-account.repository';
import { ChooseLanguage } from './choose-language.command';

/** Stores the choice in the account; an account that no longer exists changes nothing (the session's choice still holds). */
@CommandHandler(ChooseLanguage)
export class ChooseLanguageHandler implements ICommandHandler<ChooseLanguage, { changed: boolean }> {
  constructor(private readonly accounts: SubscriberAccountRepository) {}

  async execute({ subscriberId, locale }: ChooseLanguage): Promise<{ changed: boolean }> {
    const account = await this.accounts.byId(subscriberId);
    return { changed: account ? account.chooseLocale(locale) : false };
  }
}
