import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

export class ReadingInputDto {
  @ApiProperty({ example: 'M-2666-1', description: 'meterId as published by the back office (GET /api/v1/meters)' })
  @IsString()
  @MaxLength(100)
  meterId!: string;

  @ApiProperty({ example: '145.554', description: 'm³ as a decimal string: up to 8 integer and 3 decimal digits, not negative, not lower than the previous reading' })
  @IsString()
  @MaxLength(64)
  value!: string;
}

export class SubmitReadingsDto {
  @ApiProperty({ type: [ReadingInputDto], example: [{ meterId: 'M-2666-1', value: '145.554' }, { meterId: 'M-2666-2', value: '37.200' }] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ReadingInputDto)
  readings!: ReadingInputDto[];

  @ApiPropertyOptional({
    example: false,
    default: false,
    description: 'Must be true to submit a reading for only one meter while the contract has several working meters (METERING.SINGLE_METER_CONFIRMATION_REQUIRED otherwise)',
  })
  @IsOptional()
  @IsBoolean()
  confirmSingleMeter?: boolean;

  @ApiPropertyOptional({
    example: false,
    default: false,
    description:
      "Must be true to submit a reading whose month's consumption is more than 3 times the meter's average monthly consumption of the last 12 months and more than 10 m³ " +
      '(METERING.UNUSUAL_CONSUMPTION otherwise, with the figures of each such meter in errors[].details). Asked only when at least 3 months of consumption are known.',
  })
  @IsOptional()
  @IsBoolean()
  confirmUnusual?: boolean;
}

export class ReadingDto {
  @ApiProperty({ example: '145.554' }) value!: string;
  @ApiProperty({ example: '00000145.554', description: 'as the cabinet shows it' }) display!: string;
  @ApiProperty({ example: '2026-11-20' }) date!: string;
  @ApiProperty({ example: 'site', description: "'site' or 'api' for readings from the cabinet; the back office's own code otherwise" }) source!: string;
  @ApiProperty({ example: 'Сайт' }) sourceLabel!: string;
}

export class CurrentReadingDto extends ReadingDto {
  @ApiProperty({ enum: ['pending', 'accepted', 'rejected'], example: 'pending' }) status!: string;
  @ApiProperty({ example: 'В обработке' }) statusLabel!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) rejectionReason!: string | null;
  @ApiProperty({ format: 'uuid' }) submissionId!: string;
}

export class MeterDto {
  @ApiProperty({ example: 'M-2666-1' }) meterId!: string;
  @ApiProperty({ example: '00009177' }) accountNumber!: string;
  @ApiProperty({ enum: ['cold', 'hot'], example: 'cold' }) water!: string;
  @ApiProperty({ nullable: true, type: String, example: '12223773' }) factoryNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2030-09-10' }) verificationDate!: string | null;
  @ApiProperty({ enum: ['installed', 'removed'], example: 'installed' }) state!: string;
  @ApiProperty({ description: 'Whether readings can be submitted at all (installed, with a factory number, verification not passed)' }) acceptsReadings!: boolean;
  @ApiProperty({ type: ReadingDto, nullable: true, description: 'The latest reading before this month' }) previousReading!: ReadingDto | null;
  @ApiProperty({ type: CurrentReadingDto, nullable: true, description: "This month's reading" }) currentReading!: CurrentReadingDto | null;
}

export class MetersDto {
  @ApiProperty({ example: '2666' }) contractNumber!: string;
  @ApiProperty({ example: '2026-11', description: 'The month readings are submitted for now (Kazakhstan time)' }) period!: string;
  @ApiProperty({ example: 2 }) workingMeters!: number;
  @ApiProperty({ type: [MeterDto] }) meters!: MeterDto[];
}

export class SubmittedReadingDto {
  @ApiProperty({ example: 'M-2666-1' }) meterId!: string;
  @ApiProperty({ example: '145.554' }) value!: string;
  @ApiProperty({ example: '2026-11-20' }) date!: string;
  @ApiProperty({
    enum: ['pending', 'accepted', 'rejected', 'superseded'],
    example: 'pending',
    description: "Now: pending until the back office's verdict, then accepted or rejected (also when a retry with the same Idempotency-Key asks again); superseded when a later submission corrected this reading",
  })
  status!: string;
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-4b7d-4a8e-9c55-0d2f6a1b7e10' }) submissionId!: string;
  @ApiProperty({ example: false, description: 'true when this answers a retry with the same Idempotency-Key' }) replayed!: boolean;
  @ApiProperty({ example: true, description: "false when every value equalled this month's pending reading: nothing new was sent" }) changed!: boolean;
  @ApiProperty({ example: 'site', enum: ['api'] }) source!: string;
  @ApiProperty({ type: [SubmittedReadingDto] }) readings!: SubmittedReadingDto[];
}
