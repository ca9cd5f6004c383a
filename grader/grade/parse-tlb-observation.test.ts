import Ajv from 'ajv';
import { probeSchema } from '../../assignments/framework/probe-schema';
import { describeSchemaErrors } from '../../assignments/framework/validators';
import { referenceTlb } from '../../reference/tlb/reference-tlb';
import { methodsOf } from '../../observe/tlb/test-support/flawed-tlb';
import { fill, invlpg, lookup, tlbProbe } from '../../observe/tlb/test-support/tlb-operations';
import { observeTlb } from '../../observe/tlb/tlb-probe';
import { parseObservation } from './parse-observation';

/**
 * The tlb kind of observation-schema.ts and probe-schema.ts: what the
 * observer writes passes, and an observation forged field by field fails
 * with the path of the field.
 */

const PROBE = tlbProbe([
  fill('0x1000', '0xa000', { global: true }),
  fill('0x200000', '0x400000', { pageSize: '0x200000', rights: 'rxu', dirty: false }),
  fill('0x7000', '0x7000', { vpid: 2, pageSize: '0x1000', mappedPageSize: '0x200000' }),
  lookup('0x1008', { pcid: 4 }),
  lookup('0x3fffff', { access: 'fetch', user: false }),
  lookup('0x9000'),
  invlpg('0x7000', { vpid: 2 }),
  { op: 'cr3-write', vpid: 1, pcid: 0 },
  { op: 'invvpid', vpid: 3 },
  { op: 'vm-transition', vpidEnabled: true },
  { op: 'flush-all' },
  fill('0x5000', '0xb000'),
]);
const observation = observeTlb(PROBE, referenceTlb);

/** A copy of the observation with `change` applied to it. */
function edited(change: (copy: any) => void): unknown {
  const copy = structuredClone(observation);
  change(copy);
  return copy;
}

test('what the observer writes passes: every kind of outcome, a stop, and entries() gone wrong', () => {
  expect(new Set(observation.steps.map((step) => step.outcome.kind))).toEqual(new Set(['filled', 'hit', 'miss', 'dropped']));
  expect(parseObservation('tlb', observation)).toEqual({ ok: true, observation });
  const garbage = observeTlb(PROBE, { create: (config) => ({ ...methodsOf(referenceTlb.create(config)), flushAll: () => -1, entries: () => 'none' as never }) });
  expect(garbage.steps[10].outcome.kind).toBe('garbage');
  expect(garbage.resident?.ok).toBe(false);
  expect(parseObservation('tlb', garbage).ok).toBe(true);
  const stopped = observeTlb(PROBE, { create: (config) => ({ ...methodsOf(referenceTlb.create(config)), flushAll: () => { throw new Error('x'.repeat(5000)); } }) });
  expect(parseObservation('tlb', stopped).ok).toBe(true);
});

const MALFORMED: ReadonlyArray<readonly [string, unknown, RegExp]> = [
  ['steps that are not a list', edited((o) => (o.steps = { length: 1e9 })), /^steps: must be array/],
  ['an unknown outcome', edited((o) => (o.steps[3].outcome = { kind: 'maybe' })), /^steps\[3\]\.outcome/],
  ['a hit without its entry', edited((o) => delete o.steps[3].outcome.entry), /^steps\[3\]\.outcome: missing field "entry"/],
  ['an entry with a PCID that is a string', edited((o) => (o.steps[3].outcome.entry.pcid = '0')), /^steps\[3\]\.outcome\.entry\.pcid: must be integer/],
  ['an entry with a VPID beyond 16 bits', edited((o) => (o.steps[3].outcome.entry.vpid = 0x10000)), /^steps\[3\]\.outcome\.entry\.vpid: must be <= 65535/],
  ['an entry with rights that are not letters in order', edited((o) => (o.steps[3].outcome.entry.rights = 'wr')), /^steps\[3\]\.outcome\.entry\.rights: must match pattern/],
  ['an entry with an extra key', edited((o) => (o.steps[3].outcome.entry.__proto__x = 1)), /^steps\[3\]\.outcome\.entry: unknown field "__proto__x"/],
  ['an address that is not hex() text', edited((o) => (o.steps[3].outcome.address = '0x01008')), /^steps\[3\]\.outcome\.address: must match pattern/],
  ['a negative count', edited((o) => (o.steps[6].outcome.count = -1)), /^steps\[6\]\.outcome\.count: must be >= 0/],
  ['a fractional count', edited((o) => (o.steps[6].outcome.count = 0.5)), /^steps\[6\]\.outcome\.count: must be integer/],
  ['an overlong problem', edited((o) => (o.steps[6].outcome = { kind: 'garbage', problem: 'x'.repeat(301) })), /^steps\[6\]\.outcome\.problem: must NOT have more than 300 characters/],
  ['an operation with a made-up op', edited((o) => (o.steps[0].operation = { op: 'invept' })), /^steps\[0\]\.operation/],
  ['an operation with an extra argument', edited((o) => (o.steps[7].operation.va = '0x1000')), /^steps\[7\]\.operation: unknown field "va"/],
  ['a stop without its message', edited((o) => (o.stopped = { operation: 1 })), /^stopped: missing field "message"/],
  ['resident entries that are not a list', edited((o) => (o.resident.entries = 'all')), /^resident\.entries: must be array/],
  ['resident entries with a bad entry', edited((o) => o.resident.entries.push({ vpid: 1 })), /^resident\.entries\[1\]: missing field "pcid"/],
  ['a resident problem with entries', edited((o) => (o.resident = { ok: false, problem: 'p', entries: [] })), /^resident: unknown field "entries"/],
  ['an extra key at the top', edited((o) => (o.verdict = 'pass')), /^\(top level\): unknown field "verdict"/],
  ['a walk observation', { kind: 'walk', steps: [], result: { ok: false, fault: 'protection' }, adWrites: [] }, /^kind: must be "tlb"/],
];

test.each(MALFORMED)('%s is malformed, and the problem says where', (_name, value, problem) => {
  const parsed = parseObservation('tlb', value);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problem).toMatch(problem);
});

describe('the probe schema', () => {
  const validate = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false, validateSchema: false }).compile(probeSchema);
  const problems = (probe: unknown) => (validate(probe) ? [] : describeSchemaErrors(validate.errors));

  test('takes a probe with every operation', () => {
    expect(problems(PROBE)).toEqual([]);
  });

  test.each([
    ['a config with no sets', { ...PROBE, config: { entries: 0, ways: 1 } }, /^config\.entries: must be >= 1/],
    ['an unknown operation', { ...PROBE, operations: [{ op: 'invept' }] }, /^operations\[0\]/],
    ['rights out of order', { ...PROBE, operations: [fill('0x1000', '0x1000', { rights: 'ur' })] }, /^operations\[0\]\.rights: must match pattern/],
    ['a PCID beyond 12 bits', { ...PROBE, operations: [lookup('0x1000', { pcid: 4096 })] }, /^operations\[0\]\.pcid: must be <= 4095/],
    ['an address wider than 64 bits', { ...PROBE, operations: [invlpg(`0x1${'0'.repeat(16)}`)] }, /^operations\[0\]\.va: must NOT have more than 18 characters/],
    ['an extra argument', { ...PROBE, operations: [{ op: 'flush-all', vpid: 1 }] }, /^operations\[0\]: unknown field "vpid"/],
  ])('refuses %s, and says where', (_name, probe, problem) => {
    expect(problems(probe).join('\n')).toMatch(problem);
  });
});
