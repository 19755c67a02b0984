import { Controller, Get, Redirect, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Messages } from '@app/web';

@ApiExcludeController()
@Controller()
export class LoginPageController {
  constructor(private readonly messages: Messages) {}

  @Get()
  @Redirect('/login', 302)
  home() {}

  @Get('login')
  @Render('identity/login')
  page() {
    return { title: this.messages.t('identity.login.title'), login: '' };
  }
}
