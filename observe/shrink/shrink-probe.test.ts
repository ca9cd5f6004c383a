import * as path from 'path';
import { expandSuite } from '../../assignments/framework/expand-tests';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { observedOnReference } from '../../assignments/framework/observed-tests';
import { realisticBugsOf } from '../../assignments/framework/realistic-bugs';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { judgeCase } from '../judge';
import { observe } from '../observe';
import { MachineProbe, Probe } from '../probe-types';
import { judgedKeys } from './judged-keys';
import { partCount } from './probe-parts';
import { ReferenceVerdicts } from './reference-verdicts';
import { shrinkInProcess } from './shrink-in-process';
import { describeShrink, shrinkProbe } from './shrink-probe';

const SCENARIO: MachineProbe = {
  kind: 'machine',
  scenario: {
    machine: { mode: 'shadow' },
    events: [
      { op: 'spawn' },
      { op: 'mmap', va: '0x400000', pages: 4, prot: 'rw' },
      { op: 'read', va: '0x400000' },
      { op: 'spawn', pid: 2 },
      { op: 'mmap', pid: 2, va: '0x400000', pages: 1, prot: 'r' },
      { op: 'read', pid: 2, va: '0x400000' },
      { op: 'write', va: '0x401000', value: 7 },
      { op: 'read', va: '0x402000' },
      { op: 'exit', pid: 2 },
      { op: 'read', va: '0x401000' },
    ],
  },
};

describe('with a hand-made judge', () => {
  /** Fails, with one key, whenever the write of event 6 is there; another key when only the read of event 9 is. */
  const judge = async (candidates: readonly Probe[]) =>
    candidates.map((candidate) => {
      const ops = (candidate as MachineProbe).scenario.events.map((event) => event.op);
      if (ops.includes('write')) return 'the write';
      return ops.length > 3 ? 'something else' : null;
    });

  test('shrinks to the failing event and what it needs (its spawn and its mmap), nothing the reference refuses is asked', async () => {
    const asked: Probe[] = [];
    const reference = new ReferenceVerdicts();
    const shrunk = await shrinkProbe(
      SCENARIO,
      'the write',
      async (candidates) => {
        asked.push(...candidates);
        return judge(candidates);
      },
      { reference },
    );
    expect((shrunk.probe as MachineProbe).scenario.events.map((event) => event.op)).toEqual(['spawn', 'mmap', 'write']);
    expect(describeShrink(shrunk)).toBe('shrunk from 10 events to 3');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((candidate) => reference.accepts(candidate))).toBe(true);
  });

  test('a candidate failing with another key is not kept', async () => {
    const shrunk = await shrinkProbe(SCENARIO, 'something else', async (candidates) => (await judge(candidates)).map((key) => (key === 'the write' ? null : key)), { reference: new ReferenceVerdicts() });
    // Only candidates without the write, of more than 3 events, fail so: the shrink stops at 4.
    expect(shrunk.shrunkParts).toBe(4);
    expect((shrunk.probe as MachineProbe).scenario.events.some((event) => event.op === 'write')).toBe(false);
  });
});

/**
 * Realistic bugs, run in this process: for the first few bugs of each
 * assignment, the first failing case of the first visible test it fails
 * shrinks to a case no larger that the reference accepts and that fails
 * with the same key.
 */
describe.each(['walk', 'tlb', 'nested', 'shadow'])('realistic bugs of %s', (id) => {
  const assignment = loadAssignment(path.join(__dirname, '..', '..', 'assignments', id));
  const visible = observedOnReference(assignment.suites.filter((suite) => suite.reference.visibility === 'visible').flatMap((suite) => expandSuite(suite)));
  const bugs = realisticBugsOf(id).slice(0, 3);

  test.each(bugs.map((bug) => [bug.id, bug] as const))('%s', async (_name, bug) => {
    const components = { ...REFERENCE_COMPONENTS, ...bug.components };
    const test = visible.find((candidate) => candidate.cases.some(({ probe, expected }) => judgeCase(candidate.check, expected, observe(probe, components)) !== null))!;
    const { probe } = test.cases.find((one) => judgeCase(test.check, one.expected, observe(one.probe, components)) !== null)!;
    const shrunk = (await shrinkInProcess(probe, test.check, components))!;
    const reference = new ReferenceVerdicts();
    const keyOf = (candidate: Probe) => judgedKeys(test.check, [candidate], [observe(candidate, components)], reference)[0];
    expect(shrunk.originalParts).toBe(partCount(probe));
    expect(shrunk.shrunkParts).toBe(partCount(shrunk.probe));
    expect(shrunk.shrunkParts).toBeLessThanOrEqual(shrunk.originalParts);
    expect(reference.accepts(shrunk.probe)).toBe(true);
    expect(keyOf(shrunk.probe)).toBe(keyOf(probe));
    expect(keyOf(shrunk.probe)).not.toBeNull();
  }, 60_000);
});

test('a 60-event random shadow scenario that a sync bug fails shrinks to under a quarter of its events', async () => {
  const assignment = loadAssignment(path.join(__dirname, '..', '..', 'assignments', 'shadow'));
  const random = expandSuite(assignment.suites.find((suite) => suite.reference.name === 'public')!).find((test) => test.id === 'shadow.public.random')!;
  const bug = realisticBugsOf('shadow').find((candidate) => candidate.id === 'oneShadowForAll')!;
  const components = { ...REFERENCE_COMPONENTS, ...bug.components };
  const probe = random.probes.find((candidate) => judgeCase(random.check, observe(candidate, REFERENCE_COMPONENTS), observe(candidate, components)) !== null)!;
  const shrunk = (await shrinkInProcess(probe, random.check, components))!;
  expect(shrunk.originalParts).toBeGreaterThanOrEqual(40);
  expect(shrunk.shrunkParts * 4).toBeLessThanOrEqual(shrunk.originalParts);
}, 60_000);
