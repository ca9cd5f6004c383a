import type { JSONSchemaType } from 'ajv';
import { ComponentName } from '../../reference/components';
import { COMPONENT_NAMES } from '../../reference/component-registry';
import { AssignmentManifest, AssignmentRule, GenerateRequest, PROVIDED_SOURCES, SCORINGS, SuiteDocument, SuiteTest, VISIBILITIES } from './manifest-types';
import { probeSchema } from './probe-schema';

/**
 * The JSON Schemas of assignment manifests and suite files, typed against
 * manifest-types.ts so the two cannot drift. `assignments/*.schema.json` are
 * these, written out by `vmlab schemas` for editors (a test keeps them equal).
 */

const ID_PATTERN = '^[a-z0-9][a-z0-9._-]*$';
const idSchema = { type: 'string', pattern: ID_PATTERN, maxLength: 100 } as const;
/** A rule id: kebab-case. */
const ruleIdSchema = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 100 } as const;
const componentSchema = { type: 'string', enum: COMPONENT_NAMES } as const;
/** A relative path inside the handout or the assignment folder: no absolute paths, no `..`. */
const relativePathSchema = { type: 'string', pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+$', maxLength: 200 } as const;

const providedSourceSchema = { type: 'string', enum: PROVIDED_SOURCES, nullable: true } as const;
/** One property per component, in the registry's order (the cast holds: the keys are COMPONENT_NAMES). */
const providedFromProperties = Object.fromEntries(COMPONENT_NAMES.map((component) => [component, providedSourceSchema])) as { [C in ComponentName]: typeof providedSourceSchema };

const ruleSchema: JSONSchemaType<AssignmentRule> = {
  type: 'object',
  properties: {
    id: ruleIdSchema,
    part: idSchema,
    title: { type: 'string', minLength: 1, maxLength: 300 },
    spec: { type: 'string', minLength: 1, maxLength: 200 },
  },
  required: ['id', 'part', 'title', 'spec'],
  additionalProperties: false,
};

/**
 * The late policy's texts, their forms checked here (a clear error at load time, naming the field); the dates
 * (and whether their zone settles them) are read by grader/late/late-policy.ts, which names the field as well.
 */
const AMOUNT = '(\\d+(\\.\\d+)?|\\.\\d+)\\s*(%\\s*of\\s*max|%|points?|pts?)?';
const latePolicySchema = {
  type: 'object',
  nullable: true,
  properties: {
    due: { type: 'string', minLength: 1, maxLength: 60, nullable: true },
    timeZone: { type: 'string', minLength: 1, maxLength: 60, nullable: true },
    penalty: { type: 'string', pattern: `^${AMOUNT}\\s*(/|per)\\s*(day|d|hour|h|hr)$` },
    cap: { type: 'string', pattern: `^${AMOUNT}$`, nullable: true },
    grace: { type: 'string', pattern: '^(0|(\\d+(\\.\\d+)?\\s*[a-z]+\\s*)+)$', maxLength: 40, nullable: true },
    closes: { type: 'string', minLength: 1, maxLength: 60, nullable: true },
  },
  required: ['penalty'],
  additionalProperties: false,
} as const;

export const manifestSchema: JSONSchemaType<AssignmentManifest> = {
  type: 'object',
  properties: {
    $schema: { type: 'string', nullable: true },
    id: idSchema,
    title: { type: 'string', minLength: 1, maxLength: 200 },
    assesses: { type: 'array', items: componentSchema, minItems: 1, uniqueItems: true },
    provides: { type: 'array', items: componentSchema, uniqueItems: true },
    providedFrom: {
      type: 'object',
      nullable: true,
      properties: providedFromProperties,
      required: [],
      additionalProperties: false,
    },
    studentFiles: { type: 'array', items: relativePathSchema, minItems: 1, uniqueItems: true },
    parts: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { id: idSchema, title: { type: 'string', minLength: 1 }, points: { type: 'number', exclusiveMinimum: 0 }, enabled: { type: 'boolean', nullable: true } },
        required: ['id', 'title', 'points'],
        additionalProperties: false,
      },
    },
    rules: { type: 'array', items: ruleSchema, minItems: 1, nullable: true },
    suites: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: { name: idSchema, file: relativePathSchema, visibility: { type: 'string', enum: VISIBILITIES } },
        required: ['name', 'file', 'visibility'],
        additionalProperties: false,
      },
    },
    limits: {
      type: 'object',
      properties: {
        testSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600 },
        submissionSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 86400 },
        memoryMiB: { type: 'integer', minimum: 16, maximum: 65536 },
        compileSeconds: { type: 'number', exclusiveMinimum: 0, maximum: 3600, nullable: true },
        // The worker holds TypeScript, the lib files and the substrate's parse: below about 256 MiB it cannot compile anything.
        compileMemoryMiB: { type: 'integer', minimum: 256, maximum: 65536, nullable: true },
      },
      required: ['testSeconds', 'submissionSeconds', 'memoryMiB'],
      additionalProperties: false,
    },
    late: latePolicySchema,
  },
  required: ['id', 'title', 'assesses', 'provides', 'studentFiles', 'parts', 'suites', 'limits'],
  additionalProperties: false,
};

const generateSchema: JSONSchemaType<GenerateRequest> = {
  type: 'object',
  properties: {
    generator: { type: 'string', minLength: 1 },
    seed: { type: 'integer', minimum: 0, maximum: 0xffffffff },
    count: { type: 'integer', minimum: 0, maximum: 100000 },
    params: { type: 'object', nullable: true, required: [] },
  },
  required: ['generator', 'seed', 'count'],
  additionalProperties: false,
};

const testSchema: JSONSchemaType<SuiteTest> = {
  type: 'object',
  properties: {
    id: idSchema,
    title: { type: 'string', minLength: 1, maxLength: 300 },
    component: componentSchema,
    part: idSchema,
    points: { type: 'number', minimum: 0 },
    category: { type: 'string', minLength: 1, maxLength: 100 },
    hint: { type: 'string', nullable: true, maxLength: 1000 },
    check: { type: 'string', enum: ['policy', 'invariant'] },
    rules: { type: 'array', items: ruleIdSchema, minItems: 1, uniqueItems: true, nullable: true },
    scoring: { type: 'string', enum: SCORINGS, nullable: true },
    probes: { type: 'array', items: probeSchema, minItems: 1, nullable: true },
    generate: { ...generateSchema, nullable: true },
  },
  required: ['id', 'title', 'component', 'part', 'points', 'category', 'check'],
  // Exactly one source of cases.
  oneOf: [{ required: ['probes'] }, { required: ['generate'] }],
  additionalProperties: false,
};

export const suiteSchema: JSONSchemaType<SuiteDocument> = {
  type: 'object',
  properties: {
    $schema: { type: 'string', nullable: true },
    suite: idSchema,
    tests: { type: 'array', items: testSchema },
  },
  required: ['suite', 'tests'],
  additionalProperties: false,
};
