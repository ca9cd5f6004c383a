import type { JSONSchemaType } from 'ajv';
import { MachineProbe, MemoryImage, NestedWalkProbe, Probe, ProbeAccess, ProbeControl, WalkProbe } from '../../observe/probe-types';
import { HEX_ADDRESS_PATTERN, scenarioSchema } from '../../reference/scenario/schema';

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

const walkProbeSchema: JSONSchemaType<WalkProbe> = {
  type: 'object',
  properties: {
    kind: { type: 'string', const: 'walk' },
    control: controlSchema,
    root: hexSchema,
    va: hexSchema,
    access: accessSchema,
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
  },
  required: ['kind', 'scenario'],
  additionalProperties: false,
};

export const probeSchema: JSONSchemaType<Probe> = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [walkProbeSchema, nestedWalkProbeSchema, machineProbeSchema],
};
