import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Commands } from '@app/persistence';
import { isLocale } from '@app/shared-kernel';
import { LANGUAGE_SWITCH_PATH, sameSitePath } from '@app/web';
import { ChooseLanguage } from '../../application/commands/choose-language/choose-language.command';

/**
 * The language switch of every page («Рус / Қаз / Eng» in the header): plain links, so it works
 * without JavaScript and before any form. The choice is kept in the session and, for a signed-in
 * subscriber, in the account (their e-mails and PDFs follow it); then back to the page it was made on.
 * A link changes no more than the language, so it needs no CSRF token.
 */
@ApiExcludeController()
@Controller(LANGUAGE_SWITCH_PATH.slice(1))
export class LanguagePageController {
  constructor(private readonly commands: Commands) {}

  @Get(':code')
  async choose(@Param('code') code: string, @Query('next') next: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!isLocale(code) || !req.session) throw new NotFoundException();
    req.session.locale = code;
    if (req.session.subscriberId) await this.commands.execute(new ChooseLanguage(req.session.subscriberId, code));
    res.redirect(303, sameSitePath(next));
  }
}
