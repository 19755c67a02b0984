import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { IinBin } from '@app/shared-kernel';
import { INBOUND_EVENTS, InboundEventType, InboundPayloads } from './backoffice-contract';
import balanceOpened from './schemas/balance.opened.json';
import chargesPublished from './schemas/charges.published.json';
import contractUpserted from './schemas/contract.upserted.json';
import meterUpserted from './schemas/meter.upserted.json';
import paymentRecorded from './schemas/payment.recorded.json';
import readingProcessed from './schemas/reading.processed.json';

/** The committed JSON Schema of each inbound event type (libs/messaging/schemas/<type>.json). */
export const INBOUND_SCHEMAS: Readonly<Record<InboundEventType, object>> = {
  'contract.upserted': contractUpserted,
  'meter.upserted': meterUpserted,
  'charges.published': chargesPublished,
  'payment.recorded': paymentRecorded,
  'balance.opened': balanceOpened,
  'reading.processed': readingProcessed,
};

export type InboundValidation =
  | { valid: true; type: InboundEventType; payload: InboundPayloads[InboundEventType] }
  | { valid: false; problems: string[] };

function isInboundType(type: string): type is InboundEventType {
  return (INBOUND_EVENTS as readonly string[]).includes(type);
}

/** "/lines/0/volume" → "lines[0].volume". */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One readable sentence per problem, naming the field: `lines[0].volume: must be …, got "1.2345"`. */
function describe(error: ErrorObject): { field: string; message: string } {
  const field = fieldOf(error.instancePath);
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { field: field ? `${field}.${missing}` : missing, message: 'is required' };
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      return { field: field ? `${field}.${extra}` : extra, message: 'is not part of the contract v1' };
    }
    case 'pattern':
    case 'format':
    case 'minLength':
    case 'maxLength':
    case 'anyOf':
      return { field, message: `must be ${description ?? error.message}, got ${shown(error.data)}` };
    case 'enum':
      return { field, message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}, got ${shown(error.data)}` };
    case 'type':
      return { field, message: `must be ${(error.params as { type: string }).type}, got ${shown(error.data)}` };
    default:
      return { field, message: `${error.message ?? 'is invalid'}` };
  }
}

/**
 * Validates inbound back-office events against the committed JSON Schemas, in full (every problem is
 * reported, not only the first), including the IIN/BIN check digit and real calendar dates.
 */
export class BackofficeEventValidator {
  private readonly validators = new Map<InboundEventType, ValidateFunction>();

  constructor() {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv, ['date', 'uuid']);
    ajv.addFormat('iin-bin', { type: 'string', validate: (value: string) => IinBin.isValid(value) });
    for (const type of INBOUND_EVENTS) this.validators.set(type, ajv.compile(INBOUND_SCHEMAS[type]));
  }

  validate(type: string, payload: unknown): InboundValidation {
    if (!isInboundType(type)) {
      return { valid: false, problems: [`event type ${shown(type)} is not part of the contract v1 (known: ${INBOUND_EVENTS.join(', ')})`] };
    }
    const validate = this.validators.get(type)!;
    if (validate(payload)) return { valid: true, type, payload: payload as InboundPayloads[InboundEventType] };
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'if') continue;
      const { field, message } = describe(error);
      // One problem per field: a value that breaks both the pattern and the format is one mistake.
      if (seen.has(field)) continue;
      seen.add(field);
      problems.push(field ? `${field}: ${message}` : `payload ${message}`);
    }
    return { valid: false, problems };
  }
}
