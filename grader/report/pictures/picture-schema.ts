import Ajv, { JSONSchemaType, ValidateFunction } from 'ajv';
import {
  BROKEN_FLAGS,
  EntryPicture,
  FailurePicture,
  MachineEventPair,
  MachinePicture,
  REPORTED_REGISTERS,
  ReportedBits,
  TextPair,
  TlbOperationPair,
  TlbPicture,
  TwoDPicture,
  TwoDRead,
  TwoDReferencePair,
  WalkEntryRead,
  WalkPicture,
  WalkStepPair,
} from './picture-types';

/**
 * The JSON Schema of a picture, typed against picture-types.ts. A report is
 * drawn again from results.json alone, which may come from another version
 * of vmlab or have been edited: a picture that does not match is not drawn
 * (the words still are).
 */

/** Every text of a picture is cut well below this (grader/report/pictures/untrusted.ts). */
const text = { type: 'string', maxLength: 1000 } as const;
const index = { type: 'integer', minimum: 0, maximum: 1000 } as const;
const levels = { type: 'integer', minimum: 1, maximum: 5 } as const;

const textPair: JSONSchemaType<TextPair> = {
  type: 'object',
  properties: { expected: text, got: { ...text, nullable: true } },
  required: ['expected'],
  additionalProperties: false,
};

const reportedBits: JSONSchemaType<ReportedBits> = {
  type: 'object',
  properties: { register: { type: 'string', enum: REPORTED_REGISTERS }, expected: { ...text, nullable: true }, got: { ...text, nullable: true } },
  required: ['register'],
  additionalProperties: false,
};

const walkEntryRead: JSONSchemaType<WalkEntryRead> = {
  type: 'object',
  properties: { level: text, index: text, entryAddress: text, entry: text, adBits: text },
  required: ['level', 'index', 'entryAddress', 'entry', 'adBits'],
  additionalProperties: false,
};

const walkStepPair: JSONSchemaType<WalkStepPair> = {
  type: 'object',
  properties: { expected: { ...walkEntryRead, nullable: true }, got: { ...walkEntryRead, nullable: true }, gotNone: { type: 'boolean', nullable: true } },
  required: [],
  additionalProperties: false,
};

const walkPicture: JSONSchemaType<WalkPicture> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'walk' },
    va: text,
    levels,
    steps: { type: 'array', items: walkStepPair, maxItems: 16 },
    strayAdWrites: { ...textPair, nullable: true },
    outcome: textPair,
    code: { ...reportedBits, nullable: true },
    first: {
      type: 'object',
      properties: { at: { type: 'string', enum: ['step', 'outcome', 'ad-writes'] }, index: { ...index, nullable: true } },
      required: ['at'],
      additionalProperties: false,
    },
  },
  required: ['kind', 'va', 'levels', 'steps', 'outcome', 'first'],
  additionalProperties: false,
};

const twoDRead: JSONSchemaType<TwoDRead> = {
  type: 'object',
  properties: { address: text, entry: text, gpa: { ...text, nullable: true }, adBits: { ...text, nullable: true }, placed: { ...text, nullable: true } },
  required: ['address', 'entry'],
  additionalProperties: false,
};

const gridPosition = { type: 'integer', minimum: -1, maximum: 5 } as const;

const twoDReferencePair: JSONSchemaType<TwoDReferencePair> = {
  type: 'object',
  properties: {
    row: gridPosition,
    column: gridPosition,
    expected: { ...twoDRead, nullable: true },
    got: { ...twoDRead, nullable: true },
    gotNone: { type: 'boolean', nullable: true },
  },
  required: ['row', 'column'],
  additionalProperties: false,
};

const twoDPicture: JSONSchemaType<TwoDPicture> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'nested-walk' },
    format: { type: 'string', enum: ['ept', 'npt'] },
    guestLevels: levels,
    nestedLevels: levels,
    references: { type: 'array', items: twoDReferencePair, maxItems: 64 },
    compared: index,
    translation: textPair,
    outcome: textPair,
    code: { ...reportedBits, nullable: true },
    first: {
      type: 'object',
      properties: {
        at: { type: 'string', enum: ['reference', 'outcome', 'guest-ad-writes', 'nested-ad-writes'] },
        index: { ...index, nullable: true },
        cell: {
          type: 'object',
          properties: { row: index, column: index },
          required: ['row', 'column'],
          additionalProperties: false,
          nullable: true,
        },
      },
      required: ['at'],
      additionalProperties: false,
    },
  },
  required: ['kind', 'format', 'guestLevels', 'nestedLevels', 'references', 'compared', 'translation', 'outcome', 'first'],
  additionalProperties: false,
};

const machineEventPair: JSONSchemaType<MachineEventPair> = {
  type: 'object',
  properties: { event: index, what: text, outcome: textPair, faults: textPair, exits: { ...textPair, nullable: true }, counter: { ...textPair, nullable: true } },
  required: ['event', 'what', 'outcome', 'faults'],
  additionalProperties: false,
};

const entryPicture: JSONSchemaType<EntryPicture> = {
  type: 'object',
  properties: { table: { type: 'string', enum: ['shadow', 'guest'] }, title: text, guest: { ...text, nullable: true }, expected: { ...text, nullable: true }, got: text, breaks: { type: 'array', items: { type: 'string', enum: [...BROKEN_FLAGS] }, maxItems: 4, nullable: true } },
  required: ['table', 'title', 'got'],
  additionalProperties: false,
};

const machinePicture: JSONSchemaType<MachinePicture> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'machine' },
    mode: text,
    eventsBefore: { type: 'integer', minimum: 0 },
    events: { type: 'array', items: machineEventPair, maxItems: 16 },
    counter: { ...text, nullable: true },
    entry: { ...entryPicture, nullable: true },
    code: { ...reportedBits, nullable: true },
    stats: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: text, expected: text, got: { ...text, nullable: true } },
        required: ['name', 'expected'],
        additionalProperties: false,
      },
      maxItems: 64,
      nullable: true,
    },
    first: {
      type: 'object',
      properties: { at: { type: 'string', enum: ['event', 'end'] }, index: { ...index, nullable: true } },
      required: ['at'],
      additionalProperties: false,
    },
  },
  required: ['kind', 'mode', 'eventsBefore', 'events', 'first'],
  additionalProperties: false,
};

const tlbOperationPair: JSONSchemaType<TlbOperationPair> = {
  type: 'object',
  properties: { operation: { type: 'integer', minimum: 0 }, what: text, result: textPair },
  required: ['operation', 'what', 'result'],
  additionalProperties: false,
};

const tlbPicture: JSONSchemaType<TlbPicture> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'tlb' },
    operationsBefore: { type: 'integer', minimum: 0 },
    operations: { type: 'array', items: tlbOperationPair, maxItems: 16 },
    resident: { ...textPair, nullable: true },
    first: {
      type: 'object',
      properties: { at: { type: 'string', enum: ['operation', 'end'] }, index: { ...index, nullable: true } },
      required: ['at'],
      additionalProperties: false,
    },
  },
  required: ['kind', 'operationsBefore', 'operations', 'first'],
  additionalProperties: false,
};

export const failurePictureSchema: JSONSchemaType<FailurePicture> = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [walkPicture, twoDPicture, machinePicture, tlbPicture],
};

let validate: ValidateFunction<FailurePicture> | undefined;

/** Is `value` a picture this version of the report can draw? (Compiled once per process, on first use.) */
export function isFailurePicture(value: unknown): value is FailurePicture {
  validate ??= new Ajv({ discriminator: true, strict: true, strictRequired: false, validateSchema: false }).compile(failurePictureSchema);
  return validate(value);
}
