import { Platform, Type } from '@mikro-orm/core';
import { FixedDecimal } from '@app/shared-kernel';

/**
 * Maps a FixedDecimal to a PostgreSQL numeric(precision, scale) column, read back as a string by the
 * driver and parsed exactly: no binary floating point on the way in or out.
 */
export class FixedDecimalType extends Type<FixedDecimal | null | undefined, string | null | undefined> {
  constructor(
    private readonly precision: number,
    private readonly scale: number,
  ) {
    super();
  }

  override convertToDatabaseValue(value: FixedDecimal | null | undefined): string | null | undefined {
    if (value === null || value === undefined) return value;
    if (value.scale !== this.scale) throw new Error(`Expected a decimal of scale ${this.scale}, got ${value.scale}`);
    return value.toString();
  }

  override convertToJSValue(value: string | null | undefined): FixedDecimal | null | undefined {
    if (value === null || value === undefined) return value;
    const parsed = FixedDecimal.parse(String(value), this.scale);
    if (!parsed) throw new Error(`Column value "${String(value)}" is not a decimal of scale ${this.scale}`);
    return parsed;
  }

  override compareAsType(): string {
    return 'string';
  }

  override getColumnType(_prop: unknown, _platform: Platform): string {
    return `numeric(${this.precision},${this.scale})`;
  }
}
