import type { JSONSchemaType } from 'ajv';
import { MachineProbe, MemoryImage, NestedWalkProbe, Probe, ProbeAccess, ProbeControl, WalkProbe, WalkProbeAccess, WalkProbeControl } from '../../observe/probe-types';
import { MAX_TLB_OPERATIONS } from '../../observe/tlb/tlb-observation';
import { TlbOperation, TlbProbe } from '../../observe/tlb/tlb-probe-types';
import { TLB_RIGHTS_PATTERN } from '../../observe/tlb/tlb-rights';
import { HEX_ADDRESS_PATTERN, scenarioSchema } from '../../reference/scenario/schema';
import { MAX_TLB_ENTRIES } from '../../reference/tlb/tlb-config';

/** JSON Schemas of the probes of observe/probe-types.ts, typed against them. */

const hexSchema = { type: 'string', pattern: HEX_ADDRESS_PATTERN } as const;

const memorySchema: JSONSchemaType<MemoryImage> = {
  type: 'object',
  propertyNames: { pattern: HEX_ADDRESS_PATTERN },
  additionalProperties: hexSchema,
  required: [],
};

const accessSchema: JSONSchemaType<ProbeAccess> = {
  type: 'object',
  properties: { kind: { type: 'string', enum: ['read', 'write', 'fetch'] }, user: { type: 'boolean' } },
  required: ['kind', 'user'],
  additionalProperties: false,
};

const controlSchema: JSONSchemaType<ProbeControl> = {
  type: 'object',
  properties: { wp: { type: 'boolean' }, nxe: { type: 'boolean' }, levels: { type: 'integer', enum: [4, 5] } },
  required: ['wp', 'nxe', 'levels'],
  additionalProperties: false,
};

/** A walk's access: AC and `implicit` too; an implicit access is a supervisor one. */
const walkAccessSchema: JSONSchemaType<WalkProbeAccess> = {
  type: 'object',
  properties: { ...accessSchema.properties!, ac: { type: 'boolean', nullable: true }, implicit: { type: 'boolean', nullable: true } },
  required: ['kind', 'user'],
  additionalProperties: false,
  if: { properties: { implicit: { const: true } }, required: ['implicit'] },
  then: { properties: { user: { const: false } } },
};

/** A walk's controls: SMEP, SMAP, PKE and a 32-bit PKRU too. */
const walkControlSchema: JSONSchemaType<WalkProbeControl> = {
  type: 'object',
  properties: {
    ...controlSchema.properties!,
    smep: { type: 'boolean', nullable: true },
    smap: { type: 'boolean', nullable: true },
    pke: { type: 'boolean', nullable: true },
    pkru: { type: 'integer', minimum: 0, maximum: 0xffffffff, nullable: true },
  },
  required: ['wp', 'nxe', 'levels'],
  additionalProperties: false,
};

const walkProbeSchema: JSONSchemaType<WalkProbe> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'walk' },
    control: walkControlSchema,
    root: hexSchema,
    va: hexSchema,
    access: walkAccessSchema,
    memory: memorySchema,
    failingReads: { type: 'array', items: hexSchema, nullable: true },
  },
  required: ['kind', 'control', 'root', 'va', 'access', 'memory'],
  additionalProperties: false,
};

const nestedWalkProbeSchema: JSONSchemaType<NestedWalkProbe> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'nested-walk' },
    guest: {
      type: 'object',
      properties: { control: controlSchema, root: hexSchema, va: hexSchema, access: accessSchema },
      required: ['control', 'root', 'va', 'access'],
      additionalProperties: false,
    },
    nested: {
      type: 'object',
      properties: {
        format: { type: 'string', enum: ['ept', 'npt'] },
        levels: { type: 'integer', enum: [4, 5] },
        root: hexSchema,
        accessedDirty: { type: 'boolean' },
        executeOnly: { type: 'boolean', nullable: true },
      },
      required: ['format', 'levels', 'root', 'accessedDirty'],
      additionalProperties: false,
    },
    memory: memorySchema,
  },
  required: ['kind', 'guest', 'nested', 'memory'],
  additionalProperties: false,
};

const machineProbeSchema: JSONSchemaType<MachineProbe> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'machine' },
    scenario: scenarioSchema,
    snapshots: { type: 'string', enum: ['every-event', 'end', 'none'], nullable: true },
    tlbTags: { type: 'boolean', nullable: true },
  },
  required: ['kind', 'scenario'],
  additionalProperties: false,
};

/** A 64-bit value: at most 16 hex digits. */
const hex64Schema = { ...hexSchema, maxLength: 18 } as const;
const vpidSchema = { type: 'integer', minimum: 0, maximum: 0xffff } as const;
const pcidSchema = { type: 'integer', minimum: 0, maximum: 0xfff } as const;
export const tlbOperationSchema: JSONSchemaType<TlbOperation> = {
  type: 'object',
  discriminator: { propertyName: 'op' },
  required: ['op'],
  oneOf: [
    {
      type: 'object',
      properties: { op: { type: 'string', const: 'lookup' }, vpid: vpidSchema, pcid: pcidSchema, va: hex64Schema, access: accessSchema, wp: { type: 'boolean' } },
      required: ['op', 'vpid', 'pcid', 'va', 'access', 'wp'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        op: { type: 'string', const: 'fill' },
        vpid: vpidSchema,
        pcid: pcidSchema,
        global: { type: 'boolean' },
        va: hex64Schema,
        pageSize: hex64Schema,
        physicalBase: hex64Schema,
        rights: { type: 'string', pattern: TLB_RIGHTS_PATTERN },
        dirty: { type: 'boolean' },
        mappedPageSize: { ...hex64Schema, nullable: true },
      },
      required: ['op', 'vpid', 'pcid', 'global', 'va', 'pageSize', 'physicalBase', 'rights', 'dirty'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { op: { type: 'string', const: 'invlpg' }, vpid: vpidSchema, pcid: pcidSchema, va: hex64Schema },
      required: ['op', 'vpid', 'pcid', 'va'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { op: { type: 'string', const: 'cr3-write' }, vpid: vpidSchema, pcid: pcidSchema },
      required: ['op', 'vpid', 'pcid'],
      additionalProperties: false,
    },
    { type: 'object', properties: { op: { type: 'string', const: 'invvpid' }, vpid: vpidSchema }, required: ['op', 'vpid'], additionalProperties: false },
    { type: 'object', properties: { op: { type: 'string', const: 'vm-transition' }, vpidEnabled: { type: 'boolean' } }, required: ['op', 'vpidEnabled'], additionalProperties: false },
    { type: 'object', properties: { op: { type: 'string', const: 'flush-all' } }, required: ['op'], additionalProperties: false },
  ],
};

const tlbProbeSchema: JSONSchemaType<TlbProbe> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'tlb' },
    config: {
      type: 'object',
      properties: { entries: { type: 'integer', minimum: 1, maximum: MAX_TLB_ENTRIES }, ways: { type: 'integer', minimum: 1, maximum: MAX_TLB_ENTRIES } },
      required: ['entries', 'ways'],
      additionalProperties: false,
    },
    operations: { type: 'array', items: tlbOperationSchema, maxItems: MAX_TLB_OPERATIONS },
  },
  required: ['kind', 'config', 'operations'],
  additionalProperties: false,
};

export const probeSchema: JSONSchemaType<Probe> = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [walkProbeSchema, nestedWalkProbeSchema, machineProbeSchema, tlbProbeSchema],
};
