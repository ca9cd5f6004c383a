import Ajv from 'ajv';
import { EVENT_OPS, EVENT_SCHEMAS, eventSchema, machineSchema, scenarioSchema } from './schema';

describe('the scenario schema', () => {
  // The validator skips the meta-schema check to start faster; this is where it happens.
  const ajv = new Ajv({ discriminator: true, strict: true, strictRequired: false });

  it.each([
    ['scenario', scenarioSchema],
    ['event', eventSchema],
    ['machine', machineSchema],
  ])('the %s schema is a valid JSON Schema under ajv strict mode', (_name, schema) => {
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('has exactly one schema per op, and the event schema dispatches on all of them', () => {
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...EVENT_OPS].sort());
    expect(eventSchema.oneOf).toHaveLength(EVENT_OPS.length);
  });

  it.each(EVENT_OPS)('%s refuses fields it does not declare', (op) => {
    expect(EVENT_SCHEMAS[op].additionalProperties).toBe(false);
  });

  it('refuses undeclared fields at every level of the document', () => {
    expect(scenarioSchema.additionalProperties).toBe(false);
    expect(machineSchema.additionalProperties).toBe(false);
    expect(machineSchema.properties?.tlb.additionalProperties).toBe(false);
  });
});
