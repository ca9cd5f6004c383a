import type { JSONSchemaType } from 'ajv';
import { MAX_TLB_ENTRIES } from '../tlb/tlb-config';
import { MAX_CACHE_ENTRIES, MAX_MEMORY_MIB, MAX_NAME_LENGTH, MAX_PAGES, MAX_PID, MAX_VM, MAX_WORD_VALUE } from './limits';
import { AddressLiteral, EventOp, HOST_PAGE_SIZE_NAMES, MachineOptions, MODES, PAGE_SIZE_NAMES, PAGING_LEVELS, Prot, Scenario, ScenarioEvent } from './types';

/**
 * The JSON Schema of a scenario document (docs/scenario-format.md), typed against
 * the `Scenario` type of types.ts so the two cannot drift. It checks the shape
 * of each field; what needs the history of the events (which processes exist,
 * which pages are mapped) is `semantic-checks.ts`'s job.
 *
 * Only the type of this module is imported from ajv: loading ajv itself is
 * left to the validator, so the CLI starts fast when it does not validate.
 */

export const PROTS: readonly Prot[] = ['r', 'rw', 'rx', 'rwx'];

/** Every op, in the order docs/scenario-format.md lists them (also the order of "expected one of" messages). */
export const EVENT_OPS: readonly EventOp[] = ['spawn', 'exit', 'fork', 'mmap', 'munmap', 'mprotect', 'read', 'write', 'exec', 'inspect', 'clear-ad', 'invlpg'];

export function isEventOp(value: unknown): value is EventOp {
  return typeof value === 'string' && (EVENT_OPS as readonly string[]).includes(value);
}

export const HEX_ADDRESS_PATTERN = '^0x[0-9a-fA-F]+$';

/**
 * `nullable: true` is how ajv's JSONSchemaType spells an optional property,
 * but it also lets `null` through, which the TypeScript type does not allow
 * (`"vm": null` would then reach the resolver as a number). The `not` puts the
 * schema back in line with the type.
 */
const NOT_NULL = { not: { type: 'null' } } as const;

const addressSchema: JSONSchemaType<AddressLiteral> = {
  anyOf: [
    { type: 'string', pattern: HEX_ADDRESS_PATTERN },
    { type: 'integer', minimum: 0 },
  ],
};

const targetProperties = {
  vm: { type: 'integer', minimum: 1, maximum: MAX_VM, nullable: true, ...NOT_NULL },
  pid: { type: 'integer', minimum: 1, maximum: MAX_PID, nullable: true, ...NOT_NULL },
} as const;

const pagesSchema = { type: 'integer', minimum: 1, maximum: MAX_PAGES } as const;
const protSchema: JSONSchemaType<Prot> = { type: 'string', enum: PROTS };
const pidSchema = { type: 'integer', minimum: 1, maximum: MAX_PID } as const;
const valueSchema = { type: 'integer', minimum: 0, maximum: MAX_WORD_VALUE } as const;

type EventOf<Op extends EventOp> = Extract<ScenarioEvent, { op: Op }>;

type RequiredMember<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

/**
 * The `required` list of a schema for T, checked complete at compile time:
 * JSONSchemaType only checks that each name listed is a required member, so
 * forgetting one would otherwise type-check. `requiredOf<T>()('a', 'b')` fails
 * to compile unless 'a' and 'b' are all of T's required members.
 */
function requiredOf<T>() {
  return <Listed extends RequiredMember<T>>(...names: [RequiredMember<T>] extends [Listed] ? Listed[] : never): Listed[] => names;
}

/*
 * One schema per op, each typed against its member of the ScenarioEvent union.
 * The union's schema is their `oneOf` with a discriminator on `op`: ajv then
 * validates an event against the schema its op names only, so an error is
 * about that op's fields (not eleven failed alternatives), and an unknown op
 * is one error. JSONSchemaType cannot type a discriminated `oneOf` member by
 * member, hence the per-op types here.
 */
const spawnSchema: JSONSchemaType<EventOf<'spawn'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'spawn' }, ...targetProperties },
  required: requiredOf<EventOf<'spawn'>>()('op'),
  additionalProperties: false,
};

const exitSchema: JSONSchemaType<EventOf<'exit'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'exit' }, ...targetProperties },
  required: requiredOf<EventOf<'exit'>>()('op'),
  additionalProperties: false,
};

const forkSchema: JSONSchemaType<EventOf<'fork'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'fork' }, ...targetProperties, child: pidSchema },
  required: requiredOf<EventOf<'fork'>>()('op', 'child'),
  additionalProperties: false,
};

const mmapSchema: JSONSchemaType<EventOf<'mmap'>> = {
  type: 'object',
  properties: {
    op: { type: 'string', const: 'mmap' },
    ...targetProperties,
    va: addressSchema,
    pages: pagesSchema,
    prot: protSchema,
    pageSize: { type: 'string', enum: PAGE_SIZE_NAMES, nullable: true, ...NOT_NULL },
  },
  required: requiredOf<EventOf<'mmap'>>()('op', 'va', 'pages', 'prot'),
  additionalProperties: false,
};

const munmapSchema: JSONSchemaType<EventOf<'munmap'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'munmap' }, ...targetProperties, va: addressSchema, pages: pagesSchema },
  required: requiredOf<EventOf<'munmap'>>()('op', 'va', 'pages'),
  additionalProperties: false,
};

const mprotectSchema: JSONSchemaType<EventOf<'mprotect'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'mprotect' }, ...targetProperties, va: addressSchema, pages: pagesSchema, prot: protSchema },
  required: requiredOf<EventOf<'mprotect'>>()('op', 'va', 'pages', 'prot'),
  additionalProperties: false,
};

const readSchema: JSONSchemaType<EventOf<'read'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'read' }, ...targetProperties, va: addressSchema },
  required: requiredOf<EventOf<'read'>>()('op', 'va'),
  additionalProperties: false,
};

const execSchema: JSONSchemaType<EventOf<'exec'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'exec' }, ...targetProperties, va: addressSchema },
  required: requiredOf<EventOf<'exec'>>()('op', 'va'),
  additionalProperties: false,
};

const inspectSchema: JSONSchemaType<EventOf<'inspect'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'inspect' }, ...targetProperties, va: addressSchema },
  required: requiredOf<EventOf<'inspect'>>()('op', 'va'),
  additionalProperties: false,
};

const clearAccessedDirtySchema: JSONSchemaType<EventOf<'clear-ad'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'clear-ad' }, ...targetProperties, va: addressSchema },
  required: requiredOf<EventOf<'clear-ad'>>()('op', 'va'),
  additionalProperties: false,
};

const invlpgSchema: JSONSchemaType<EventOf<'invlpg'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'invlpg' }, ...targetProperties, va: addressSchema },
  required: requiredOf<EventOf<'invlpg'>>()('op', 'va'),
  additionalProperties: false,
};

const writeSchema: JSONSchemaType<EventOf<'write'>> = {
  type: 'object',
  properties: { op: { type: 'string', const: 'write' }, ...targetProperties, va: addressSchema, value: valueSchema },
  required: requiredOf<EventOf<'write'>>()('op', 'va', 'value'),
  additionalProperties: false,
};

/** The schema of each op, by op: also what the error translator reads a field's order and meaning from. */
export const EVENT_SCHEMAS = {
  spawn: spawnSchema,
  exit: exitSchema,
  fork: forkSchema,
  mmap: mmapSchema,
  munmap: munmapSchema,
  mprotect: mprotectSchema,
  read: readSchema,
  write: writeSchema,
  exec: execSchema,
  inspect: inspectSchema,
  'clear-ad': clearAccessedDirtySchema,
  invlpg: invlpgSchema,
} satisfies { [Op in EventOp]: JSONSchemaType<EventOf<Op>> };

export const eventSchema: JSONSchemaType<ScenarioEvent> = {
  type: 'object',
  discriminator: { propertyName: 'op' },
  required: ['op'],
  oneOf: EVENT_OPS.map((op) => EVENT_SCHEMAS[op]),
};

export const machineSchema: JSONSchemaType<MachineOptions> = {
  type: 'object',
  properties: {
    mode: { type: 'string', enum: MODES, nullable: true, ...NOT_NULL },
    vpid: { type: 'boolean', nullable: true, ...NOT_NULL },
    tlb: {
      type: 'object',
      properties: {
        entries: { type: 'integer', minimum: 1, maximum: MAX_TLB_ENTRIES, nullable: true, ...NOT_NULL },
        ways: { type: 'integer', minimum: 1, maximum: MAX_TLB_ENTRIES, nullable: true, ...NOT_NULL },
      },
      additionalProperties: false,
      nullable: true,
      ...NOT_NULL,
    },
    nestedFormat: { type: 'string', enum: ['ept', 'npt'], nullable: true, ...NOT_NULL },
    guestLevels: { type: 'integer', enum: PAGING_LEVELS, nullable: true, ...NOT_NULL },
    nestedLevels: { type: 'integer', enum: PAGING_LEVELS, nullable: true, ...NOT_NULL },
    eptAccessedDirty: { type: 'boolean', nullable: true, ...NOT_NULL },
    guestMemoryMiB: { type: 'integer', minimum: 1, maximum: MAX_MEMORY_MIB, nullable: true, ...NOT_NULL },
    hostMemoryMiB: { type: 'integer', minimum: 1, maximum: MAX_MEMORY_MIB, nullable: true, ...NOT_NULL },
    hostPageSize: { type: 'string', enum: HOST_PAGE_SIZE_NAMES, nullable: true, ...NOT_NULL },
    walkCaches: {
      type: 'object',
      properties: {
        guest: { type: 'integer', minimum: 0, maximum: MAX_CACHE_ENTRIES, nullable: true, ...NOT_NULL },
        nested: { type: 'integer', minimum: 0, maximum: MAX_CACHE_ENTRIES, nullable: true, ...NOT_NULL },
      },
      additionalProperties: false,
      nullable: true,
      ...NOT_NULL,
    },
    nestedTlb: { type: 'integer', minimum: 0, maximum: MAX_CACHE_ENTRIES, nullable: true, ...NOT_NULL },
  },
  additionalProperties: false,
};

export const scenarioSchema: JSONSchemaType<Scenario> = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: MAX_NAME_LENGTH, nullable: true, ...NOT_NULL },
    description: { type: 'string', nullable: true, ...NOT_NULL },
    machine: { ...machineSchema, nullable: true, ...NOT_NULL },
    events: { type: 'array', items: eventSchema },
  },
  required: requiredOf<Scenario>()('events'),
  additionalProperties: false,
};
