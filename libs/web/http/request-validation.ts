import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { RequestErrorBody } from './all-exceptions.filter';

/** class-validator's constraints, by the stable code of their text in the catalogue (`errors.REQUEST.*`). */
const CODES: Record<string, string> = {
  isString: 'REQUEST.IS_STRING',
  maxLength: 'REQUEST.MAX_LENGTH',
  isBoolean: 'REQUEST.IS_BOOLEAN',
  isIn: 'REQUEST.IS_IN',
  isArray: 'REQUEST.IS_ARRAY',
  arrayMinSize: 'REQUEST.ARRAY_MIN_SIZE',
  arrayMaxSize: 'REQUEST.ARRAY_MAX_SIZE',
  nestedValidation: 'REQUEST.IS_OBJECT',
};

/** The name of each constraint's parameter in the catalogue's text ("{max} символов"). */
const PARAMETERS: Record<string, string> = { maxLength: 'max', arrayMinSize: 'min', arrayMaxSize: 'max', isIn: 'values' };

/** The parameter a decorator was given (`@MaxLength(100)` → 100), read from class-validator's metadata. */
function parameterOf(error: ValidationError, constraint: string): unknown {
  const target = error.target?.constructor;
  if (!target) return undefined;
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((each) => each.propertyName === error.property && each.name === constraint);
  const value: unknown = metadata?.constraints?.[0];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Every failed constraint of a body, each with the path of its field (`readings.0.value`). */
function flatten(errors: ValidationError[], parent = ''): NonNullable<RequestErrorBody['errors']> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => {
      const parameter = PARAMETERS[constraint];
      const details: Record<string, unknown> = { field };
      if (parameter) details[parameter] = parameterOf(error, constraint);
      return { code: CODES[constraint] ?? 'REQUEST.FIELD_INVALID', field, details };
    });
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The global ValidationPipe of the REST API's bodies. A refusal carries stable codes rather than
 * class-validator's English texts (`REQUEST.INVALID`, with one `REQUEST.*` per failed constraint and
 * field), which the global filter writes in the request's language.
 */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => new BadRequestException({ code: 'REQUEST.INVALID', errors: flatten(errors) } satisfies RequestErrorBody),
  });
}
