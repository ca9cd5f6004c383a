import { readFileSync } from 'fs';
import * as path from 'path';
import { Observation } from '../../observe/observation';
import { GoldenSuite } from '../../observe/test-case';
import { ProbeKind } from '../../observe/probe-types';
import { vmlabRoot } from '../../io/vmlab-root';
import { malformedDifference, parseObservation } from './parse-observation';

/** A real observation of each kind (from the public goldens), to break one field at a time. */
function goldenObservation(assignment: string, kind: ProbeKind, accept: (observation: Record<string, any>) => boolean = () => true): Record<string, any> {
  const goldens = JSON.parse(readFileSync(path.join(vmlabRoot(), 'assignments', assignment, 'public', 'goldens.json'), 'utf8')) as GoldenSuite;
  const found = goldens.tests.flatMap((test) => test.cases).map((testCase) => testCase.expected as unknown as Record<string, any>).find((observation) => observation.kind === kind && accept(observation));
  if (found === undefined) throw new Error(`no ${kind} observation in the ${assignment} goldens`);
  return found;
}

const walk = goldenObservation('walk', 'walk', (observation) => observation.result.ok && observation.steps.length > 0 && observation.adWrites.length > 0);
const nested = goldenObservation('nested', 'nested-walk', (observation) => observation.references.length > 0);
const machine = goldenObservation('shadow', 'machine', (observation) => observation.snapshots.length > 0 && observation.stats !== undefined);

/** A copy of `observation` with `change` applied to it. */
function edited(observation: Record<string, any>, change: (copy: any) => void): unknown {
  const copy = structuredClone(observation);
  change(copy);
  return copy;
}

test('the observations the cases start from are well formed', () => {
  for (const [kind, observation] of [['walk', walk], ['nested-walk', nested], ['machine', machine]] as const) expect(parseObservation(kind, observation)).toEqual({ ok: true, observation });
  expect(parseObservation('walk', { kind: 'error', message: 'Error: not implemented: walker' }).ok).toBe(true);
});

const MALFORMED: ReadonlyArray<readonly [string, ProbeKind, unknown, RegExp]> = [
  ['steps whose length is not a number', 'walk', edited(walk, (o) => (o.steps = { length: 'x', 0: o.steps[0] })), /^steps: must be array/],
  ['a step level that is a string', 'walk', edited(walk, (o) => (o.steps[0].level = '4')), /^steps\[0\]\.level: must be integer/],
  ['a level out of range', 'walk', edited(walk, (o) => (o.steps[0].level = 6)), /^steps\[0\]\.level: must be <= 5/],
  ['a fractional index', 'walk', edited(walk, (o) => (o.steps[0].index = 1.5)), /^steps\[0\]\.index: must be integer/],
  ['an address that is a number', 'walk', edited(walk, (o) => (o.result.address = 4096)), /^result\.address: must be string/],
  ['an address with a leading zero', 'walk', edited(walk, (o) => (o.result.address = '0x01000')), /^result\.address: must match pattern/],
  ['an address in capitals', 'walk', edited(walk, (o) => (o.result.address = '0X1000')), /^result\.address: must match pattern/],
  ['an address wider than 64 bits', 'walk', edited(walk, (o) => (o.result.address = `0x1${'0'.repeat(16)}`)), /^result\.address: must (match pattern|NOT have more than 18 characters)/],
  ['a negative entry', 'walk', edited(walk, (o) => (o.steps[0].entry = '0x-5')), /^steps\[0\]\.entry: must match pattern/],
  ['rights that are NaN (null in JSON)', 'walk', edited(walk, (o) => (o.result.rights = null)), /^result\.rights: must be integer/],
  ['an extra key', 'walk', edited(walk, (o) => (o.result.extra = 1)), /^result: unknown field "extra"/],
  ['an extra key at the top', 'walk', edited(walk, (o) => (o.cheat = true)), /^\(top level\): unknown field "cheat"/],
  ['a "__proto__" key', 'walk', JSON.parse(`{"kind":"walk","__proto__":{"steps":[]},"steps":[],"result":{"ok":false,"fault":"protection","level":1},"adWrites":[]}`), /unknown field "__proto__"/],
  ['a "constructor" key in a step', 'walk', edited(walk, (o) => (o.steps[0].constructor = {})), /^steps\[0\]: unknown field "constructor"/],
  ['a missing field', 'walk', edited(walk, (o) => delete o.adWrites), /^\(top level\): missing field "adWrites"/],
  ['a missing field of the translation', 'walk', edited(walk, (o) => delete o.result.pageSize), /^result: missing field "pageSize"/],
  ['a fault field on a translation', 'walk', edited(walk, (o) => (o.result.fault = 'protection')), /^result: unknown field "fault"/],
  ['an unknown fault kind', 'walk', { kind: 'walk', steps: [], result: { ok: false, fault: 'made-up' }, adWrites: [] }, /^result\.fault: must be one of/],
  ['ok that is not a boolean', 'walk', edited(walk, (o) => (o.result.ok = 'yes')), /^result\.ok: must be boolean/],
  ['more steps than a walk has levels', 'walk', edited(walk, (o) => (o.steps = Array(6).fill(o.steps[0]))), /^steps: must NOT have more than 5 items/],
  ['a huge list', 'walk', edited(walk, (o) => (o.adWrites = Array(100_000).fill(o.adWrites[0]))), /^adWrites: must NOT have more than 5 items/],
  ['an observation of another kind', 'walk', nested, /^kind: must be "walk" \(what a component returns for this probe\) or "error", not "nested-walk"/],
  ['no kind', 'walk', { steps: [] }, /^kind: must be "walk".* not missing/],
  ['a kind that is not a string', 'machine', { kind: 7 }, /^kind: must be "machine".* not number/],
  ['a list instead of an object', 'walk', [walk], /^\(top level\): must be an object, not a list/],
  ['null', 'walk', null, /^\(top level\): must be an object, not null/],
  ['a number', 'nested-walk', 3, /^\(top level\): must be an object, not number/],
  ['an error without its message', 'walk', { kind: 'error' }, /^\(top level\): missing field "message"/],
  ['an error message that is an object', 'walk', { kind: 'error', message: { toString: 'x' } }, /^message: must be string/],
  ['an overlong error message', 'walk', { kind: 'error', message: 'x'.repeat(5000) }, /^message: must NOT have more than 2000 characters/],
  ['a 2D reference in an unknown dimension', 'nested-walk', edited(nested, (o) => (o.references[0].dimension = 'third')), /^references\[0\]\.dimension: must be one of/],
  ['a 2D grid row out of range', 'nested-walk', edited(nested, (o) => (o.references[0].row = 9)), /^references\[0\]\.row: must be <= 5/],
  ['a nested fault of an unknown kind', 'nested-walk', edited(nested, (o) => (o.result = { ok: false, fault: { kind: 'oops' } })), /^result\.fault/],
  ['an EPT violation without its qualification', 'nested-walk', edited(nested, (o) => (o.result = { ok: false, fault: { kind: 'ept-violation', gpa: '0x1000', stage: 'final', nestedLevel: 1 } })), /^result\.fault: missing field "qualification"/],
  ['more nested A/D writes than entries read', 'nested-walk', edited(nested, (o) => (o.nestedAdWrites = Array(31).fill({ level: 1, hpa: '0x1000', bits: '0x100' }))), /^nestedAdWrites: must NOT have more than 30 items/],
  ['machine events that are not a list', 'machine', edited(machine, (o) => (o.events = { length: 1e9 })), /^events: must be array/],
  ['an unknown exit reason', 'machine', edited(machine, (o) => (o.events[0].exits = { 'made-up': 1 })), /^events\[0\]\.exits/],
  ['a negative counter', 'machine', edited(machine, (o) => (o.events[0].counters = { tlbMisses: -1 })), /^events\[0\]\.counters\.tlbMisses: must be >= 0/],
  ['a table index beyond 511', 'machine', edited(machine, (o) => (o.snapshots[0].vms[0].guestTables[0].entries['512'] = '0x1')), /^snapshots\[0\]\.vms\[0\]\.guestTables\[0\]\.entries/],
  ['a "__proto__" entry index', 'machine', edited(machine, (o) => Object.defineProperty(o.snapshots[0].vms[0].guestTables[0].entries, '__proto__', { value: '0x1', enumerable: true })), /^snapshots\[0\]\.vms\[0\]\.guestTables\[0\]\.entries/],
  ['statistics with a count that is a string', 'machine', edited(machine, (o) => (o.stats.tlbHits = '5')), /^stats\.tlbHits: must be integer/],
  ['statistics missing an exit reason', 'machine', edited(machine, (o) => delete o.stats.vmExitsByReason['cr3-write']), /^stats\.vmExitsByReason: missing field "cr3-write"/],
  ['TLB rights that are not rights', 'machine', edited(machine, (o) => o.snapshots[0].vms[0].tlb.push({ page: '0x1000', frame: '0x2000', rights: 'all', dirty: false })), /^snapshots\[0\]\.vms\[0\]\.tlb\[\d+\]\.rights: must match pattern/],
];

test.each(MALFORMED)('%s is malformed, and the problem says where', (_name, kind, value, problem) => {
  const parsed = parseObservation(kind, value);
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problem).toMatch(problem);
});

test('the problem text is capped, whatever keys the student chose', () => {
  const parsed = parseObservation('walk', edited(walk, (o) => (o[`k${'x'.repeat(10_000)}`] = 1)));
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problem.length).toBeLessThanOrEqual(310);
});

test('a malformed result fails with the documented words', () => {
  const difference = malformedDifference('steps: must be array');
  expect(difference.message).toBe('your component returned a malformed result: steps: must be array');
});

test('a well-formed observation is returned as the observation it is', () => {
  const parsed = parseObservation('walk', walk);
  expect(parsed.ok && (parsed.observation as Observation).kind).toBe('walk');
});
