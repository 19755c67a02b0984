import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Request bodies of the Identity REST API. Rules are checked by the use cases (each failure with its field). */
export class TokenRequestDto {
  @ApiProperty({ example: 'vk2666' }) @IsString() @MaxLength(300) login!: string;
  @ApiProperty({ example: 'correct horse battery staple' }) @IsString() @MaxLength(1000) password!: string;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'q3N0Yp…' }) accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: string;
  @ApiProperty({ example: 43200, description: 'Seconds until the token expires' }) expiresIn!: number;
}

export class RegistrationDto {
  @ApiProperty({ enum: ['legal', 'individual'] }) @IsIn(['legal', 'individual']) subscriberType!: 'legal' | 'individual';
  @ApiProperty({ example: 'ТОО «Пример»', description: '«Наименование компании» or «ФИО»' }) @IsString() @MaxLength(1000) name!: string;
  @ApiProperty({ example: 'buh@example.kz' }) @IsString() @MaxLength(1000) email!: string;
  @ApiProperty({ example: 'долгий-пароль-2026' }) @IsString() @MaxLength(1000) password!: string;
  @ApiProperty({ example: 'долгий-пароль-2026' }) @IsString() @MaxLength(1000) passwordConfirmation!: string;
  @ApiProperty({ example: '990240000016', description: 'ИИН / БИН, 12 digits with the check digit' }) @IsString() @MaxLength(100) iinBin!: string;
  @ApiPropertyOptional({ example: '2666', description: 'Legal entity: «Номер договора»' }) @IsOptional() @IsString() @MaxLength(100) contractNumber?: string;
  @ApiPropertyOptional({ example: '04008220', description: 'Individual: «Лицевой счёт»' }) @IsOptional() @IsString() @MaxLength(100) accountNumber?: string;
  @ApiPropertyOptional({ example: true, description: '«Получать счёт-извещение на email»' }) @IsOptional() @IsBoolean() invoiceByEmail?: boolean;
}

export class RegistrationResponseDto {
  @ApiProperty() subscriberId!: string;
  @ApiProperty({ example: 'vk2666' }) login!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ example: 'unconfirmed' }) status!: string;
  @ApiProperty({ example: 'На указанный email придет запрос на подтверждение регистрации.' }) message!: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token of the e-mail link' }) @IsString() @MaxLength(500) token!: string;
}

export class LoginDto {
  @ApiProperty({ example: 'vk2666' }) @IsString() @MaxLength(300) login!: string;
}

export class RecoveryRequestDto {
  @ApiProperty({ example: 'vk2666', description: '«Логин или email»' }) @IsString() @MaxLength(1000) loginOrEmail!: string;
}

export class PasswordResetDto {
  @ApiProperty({ example: '990240000016' }) @IsString() @MaxLength(100) iinBin!: string;
  @ApiProperty({ example: '2666', description: '«Личный счёт или номер договора»' }) @IsString() @MaxLength(100) contractOrAccount!: string;
  @ApiProperty({ example: 'vk2666' }) @IsString() @MaxLength(300) login!: string;
  @ApiProperty({ description: '«Контрольная строка» from the e-mail' }) @IsString() @MaxLength(500) checkword!: string;
  @ApiProperty() @IsString() @MaxLength(1000) password!: string;
  @ApiProperty() @IsString() @MaxLength(1000) passwordConfirmation!: string;
}

export class EmailChangeDto {
  @ApiProperty({ example: 'new@example.kz', description: '«Новый email»' }) @IsString() @MaxLength(1000) email!: string;
}

export class PasswordChangeDto {
  @ApiProperty() @IsString() @MaxLength(1000) currentPassword!: string;
  @ApiProperty() @IsString() @MaxLength(1000) newPassword!: string;
  @ApiProperty() @IsString() @MaxLength(1000) newPasswordConfirmation!: string;
}

export class SubscriptionDto {
  @ApiProperty({ example: true, description: '«Получать счёт-извещение на email»' }) @IsBoolean() invoiceByEmail!: boolean;
  @ApiPropertyOptional({
    example: true,
    description: '«Получать напоминания о поверке счётчиков на email»: an e-mail 30 days before a meter\'s verification date and on the date (left as it is when not sent)',
  })
  @IsOptional()
  @IsBoolean()
  verificationReminders?: boolean;
}

export class MessageDto {
  @ApiProperty() message!: string;
}

export class LoginPreviewDto {
  @ApiProperty({ example: 'vk2666' }) login!: string;
}
