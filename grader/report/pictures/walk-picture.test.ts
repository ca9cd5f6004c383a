import { judgeCase } from '../../../observe/judge';
import { WalkProbe } from '../../../observe/probe-types';
import { WalkObservation, WalkStepObservation } from '../../../observe/walk-probe';
import { failurePicture, MAX_PICTURE_CHARACTERS } from './failure-picture';
import { isFailurePicture } from './picture-schema';
import { WalkPicture } from './picture-types';
import { walkTableView } from './walk-view';

/**
 * Hand-built walks of the lecture's VA 0x7f1234567abc through four 4 KiB
 * tables (PML4 at 0x1000, its entry at index 254; then 0x2000, 0x3000,
 * 0x4000), the student's changed in one place, drawn as the grader draws
 * them: judged by compareWalks, then pictured.
 */
const PROBE: WalkProbe = {
  kind: 'walk',
  control: { wp: true, nxe: true, levels: 4 },
  root: '0x1000',
  va: '0x7f1234567abc',
  access: { kind: 'read', user: true },
  memory: {},
};

const STEPS: readonly WalkStepObservation[] = [
  { level: 4, index: 254, entryAddress: '0x17f0', entry: '0x2027' },
  { level: 3, index: 72, entryAddress: '0x2240', entry: '0x3027' },
  { level: 2, index: 418, entryAddress: '0x3d10', entry: '0x4027' },
  { level: 1, index: 359, entryAddress: '0x4b38', entry: '0x5027' },
];

function walk(change: Partial<WalkObservation> = {}): WalkObservation {
  return { kind: 'walk', steps: STEPS, result: { ok: true, address: '0x5abc', pageSize: '0x1000', leafLevel: 1, rights: 15 }, adWrites: [], ...change };
}

const withStep = (index: number, change: Partial<WalkStepObservation>) => STEPS.map((step, i) => (i === index ? { ...step, ...change } : step));

/** The picture of `got` against `expected`, checked against the schema and the size cap. */
function picture(expected: WalkObservation, got: unknown): WalkPicture {
  const difference = judgeCase('policy', expected, got as WalkObservation);
  expect(difference).not.toBeNull();
  const drawn = failurePicture({ probe: PROBE, check: 'policy', expected, got: got as WalkObservation, difference: difference! });
  expect(drawn?.kind).toBe('walk');
  expect(isFailurePicture(drawn)).toBe(true);
  expect(JSON.stringify(drawn).length).toBeLessThanOrEqual(MAX_PICTURE_CHARACTERS);
  return drawn as WalkPicture;
}

test('a 4-level walk whose level-2 entry differs: the PDE row (step 3) is marked, and its entry drawn bit by bit', () => {
  const drawn = picture(walk(), walk({ steps: withStep(2, { entry: '0x4023' }) }));
  expect(drawn.first).toEqual({ at: 'step', index: 2 });
  expect(drawn.steps.map((step) => step.got !== undefined)).toEqual([false, false, true, false]);
  const view = walkTableView(drawn);
  expect(view.steps.map((step) => step.first)).toEqual([false, false, true, false]);
  expect(view.steps[2].rows[0].cells[0].text).toBe('PDE (level 2)');
  expect(view.steps[2].rows[1].cells.filter((cell) => cell.differs).map((cell) => cell.text)).toEqual(['0x4023', 'P RW A']);
  expect(view.entryBits?.rows.filter((row) => row.differs).map((row) => [row.bits, row.values])).toEqual([['2', ['1', '0']]]);
  expect(view.outcome.first).toBe(false);
});

test('the wrong entry read: the row is marked, and no bit table (the entries are of different places)', () => {
  const drawn = picture(walk(), walk({ steps: withStep(1, { index: 73, entryAddress: '0x2248' }) }));
  expect(drawn.first).toEqual({ at: 'step', index: 1 });
  const view = walkTableView(drawn);
  expect(view.steps[1].rows[1].cells.filter((cell) => cell.differs).map((cell) => cell.text)).toEqual(['73', '0x2248']);
  expect(view.entryBits).toBeNull();
});

test.each([
  ['a translation where the reference faults', walk({ result: { ok: false, fault: 'protection', level: 1 } }), walk(), { expected: '0x5' }],
  ['a fault where the reference translates', walk(), walk({ result: { ok: false, fault: 'not-present', level: 2 } }), { got: '0x4' }],
  ['a different fault', walk({ result: { ok: false, fault: 'protection', level: 1 } }), walk({ result: { ok: false, fault: 'reserved', level: 1 } }), { expected: '0x5', got: '0xd' }],
])('%s: the outcome is marked, with the #PF error code of each fault', (_name, expected, got, codes) => {
  const drawn = picture(expected, got);
  expect(drawn.first).toEqual({ at: 'outcome' });
  expect(drawn.code).toEqual({ register: 'pf-error-code', ...codes });
  const view = walkTableView(drawn);
  expect(view.outcome).toMatchObject({ first: true, differs: true });
  expect(view.steps.every((step) => !step.first)).toBe(true);
  expect(view.codeBits?.rows.slice(0, 5).map((row) => row.name.split(':')[0])).toEqual(['P', 'W', 'U', 'RSVD', 'I/D']);
});

test('a non-canonical address is a #GP: no error code to decode', () => {
  const drawn = picture(walk({ steps: [], result: { ok: false, fault: 'non-canonical' } }), walk({ steps: [], result: { ok: false, fault: 'not-present', level: 4 } }));
  expect(drawn.outcome.expected).toBe('#GP: a non-canonical address');
  expect(drawn.code).toEqual({ register: 'pf-error-code', got: '0x4' });
});

test('wrong A/D bits: the step whose entry gets them is marked, the bits named', () => {
  const adWrites = STEPS.map((step) => ({ level: step.level, entryAddress: step.entryAddress, bits: '0x20' }));
  const drawn = picture(walk({ adWrites }), walk({ adWrites: adWrites.map((write, i) => (i === 3 ? { ...write, bits: '0x60' } : write)) }));
  expect(drawn.first).toEqual({ at: 'ad-writes' });
  const view = walkTableView(drawn);
  expect(view.steps.map((step) => step.first)).toEqual([false, false, false, true]);
  expect(view.steps[3].rows.map((row) => row.cells[5].text)).toEqual(['0x20 (A)', '0x60 (A|D)']);
});

test('a walk that stops early, and one that reads on: the missing side says so', () => {
  const early = walkTableView(picture(walk(), walk({ steps: STEPS.slice(0, 2) })));
  expect(early.steps[2].first).toBe(true);
  expect(early.steps[2].rows[1]).toEqual({ whose: 'yours', none: 'no read: your walk had stopped', cells: [] });
  const late = walkTableView(picture(walk({ steps: STEPS.slice(0, 2), result: { ok: false, fault: 'not-present', level: 3 } }), walk()));
  expect(late.steps).toHaveLength(4);
  expect(late.steps[2].rows[0].none).toBe('no read: the walk has stopped');
  // A walk that reads on past a fault is judged by its outcome (the fault it missed), so that is what is marked first.
  expect(late.outcome).toMatchObject({ first: true, differs: true });
  expect(late.steps.every((step) => !step.first)).toBe(true);
});

test("the student's side is read whatever its shape: values cut short, lists capped, nothing thrown", () => {
  const huge = 'x'.repeat(1_000_000);
  const runaway = Array.from({ length: 10_000 }, (_, i) => ({ level: huge, index: { nested: i }, entryAddress: [i], entry: null }));
  const drawn = picture(walk(), { kind: 'walk', steps: runaway, result: { ok: 'yes', address: huge }, adWrites: 'none' });
  expect(drawn.steps.length).toBeLessThanOrEqual(8);
  expect(drawn.steps[0].got).toEqual({ level: `${'x'.repeat(40)}…`, index: 'an object', entryAddress: 'a list', entry: 'null', adBits: '' });
  expect(drawn.outcome.got).toBe('no readable result');
  expect(walkTableView(drawn).steps[0].rows[1].cells[0].text).toBe(`level ${'x'.repeat(40)}…`);
});

test('any number of A/D writes, however long, into one entry: the list is cut, the picture still drawn', () => {
  const adWrites = Array.from({ length: 100 }, () => ({ level: 4, entryAddress: '0x17f0', bits: `0x${'f'.repeat(100)}` }));
  const drawn = picture(walk(), walk({ adWrites }));
  expect(drawn.steps[0].got?.adBits.length).toBeLessThanOrEqual(601);
});

test('no picture when the student threw: the words say all there is', () => {
  const got = { kind: 'error' as const, message: 'not implemented: walker' };
  const difference = judgeCase('policy', walk(), got)!;
  expect(failurePicture({ probe: PROBE, check: 'policy', expected: walk(), got, difference })).toBeUndefined();
});

test('the virtual address split into its indices, as the lecture draws it', () => {
  expect(walkTableView(picture(walk(), walk({ steps: withStep(0, { entry: '0x0' }) }))).addressSplit).toBe(
    '0x7f1234567abc splits into PML4 index 254 (bits 47:39), PDPT index 72 (bits 38:30), PD index 418 (bits 29:21), PT index 359 (bits 20:12), offset 0xabc (bits 11:0).',
  );
});

test('the error code under SMEP and protection keys: I/D on a supervisor fetch with SMEP (NXE clear too), PK from the key of the leaf both walks read', () => {
  const keyed = STEPS.map((step, i) => (i === 3 ? { ...step, entry: '0x2800000000005027' } : step)); // key 5
  const cases: ReadonlyArray<[WalkProbe, WalkObservation, string]> = [
    [{ ...PROBE, control: { wp: true, nxe: false, levels: 4, smep: true }, access: { kind: 'fetch', user: false } }, walk({ result: { ok: false, fault: 'protection', level: 1 } }), '0x11'],
    [{ ...PROBE, control: { wp: true, nxe: true, levels: 4, pke: true, pkru: 0x400 } }, walk({ steps: keyed, result: { ok: false, fault: 'protection', level: 1 } }), '0x25'],
  ];
  for (const [probe, expected, code] of cases) {
    const got = walk({ steps: expected.steps });
    const difference = judgeCase('policy', expected, got);
    const drawn = failurePicture({ probe, check: 'policy', expected, got, difference: difference! }) as WalkPicture;
    expect(drawn.code).toEqual({ register: 'pf-error-code', expected: code });
  }
});
