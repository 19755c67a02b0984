import { ApiProperty } from '@nestjs/swagger';

export class KnownReadingDto {
  @ApiProperty({ example: '131.200', description: 'm³' }) value!: string;
  @ApiProperty({ example: '2026-10-24' }) date!: string;
  @ApiProperty({ example: 'controller', description: "'site' or 'api' for the cabinet's own readings; the back office's code otherwise" }) source!: string;
  @ApiProperty({ example: 'Контролёр' }) sourceLabel!: string;
  @ApiProperty({ enum: ['cabinet', 'back-office'], example: 'back-office' }) origin!: string;
}

export class ConsumptionMonthDto {
  @ApiProperty({ example: '2026-10' }) period!: string;
  @ApiProperty({ type: KnownReadingDto, nullable: true, description: "the month's reading: the latest known in it (the back office's on the same day)" }) reading!: KnownReadingDto | null;
  @ApiProperty({ nullable: true, type: String, example: '18.700', description: "m³: the reading minus the month before's; null when it cannot be told" }) consumption!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['no-reading', 'no-previous', 'replaced', 'restarted'],
    example: null,
    description: 'why there is no consumption: no reading this month; none the month before; the meter was replaced (another factory number); the reading is lower than the month before',
  })
  noConsumption!: string | null;
}

export class ConsumptionDto {
  @ApiProperty({ example: '2666-cold-12223773' }) meterId!: string;
  @ApiProperty({ example: '00009177' }) accountNumber!: string;
  @ApiProperty({ enum: ['cold', 'hot'], example: 'cold' }) water!: string;
  @ApiProperty({ nullable: true, type: String, example: '12223773' }) factoryNumber!: string | null;
  @ApiProperty({ enum: ['installed', 'removed'], example: 'installed' }) state!: string;
  @ApiProperty({ nullable: true, type: String, example: '2025-12', description: 'the first month shown: the first with a reading, at most 23 months before `to`; null without any reading' }) from!: string | null;
  @ApiProperty({ example: '2026-11', description: 'this month (Kazakhstan time)' }) to!: string;
  @ApiProperty({ type: [ConsumptionMonthDto], description: 'oldest first, every month from `from` to `to`' }) months!: ConsumptionMonthDto[];
  @ApiProperty({ example: '160.954', description: 'm³ over the months with a consumption' }) total!: string;
  @ApiProperty({ example: 11 }) countedMonths!: number;
  @ApiProperty({ nullable: true, type: String, example: '14.632', description: 'total / countedMonths, rounded half up to the litre' }) average!: string | null;
}
