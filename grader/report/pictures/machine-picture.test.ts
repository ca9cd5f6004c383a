import { REALISTIC_BUGS } from '../../../assignments/shadow/bugs';
import { RealisticBug } from '../../../assignments/framework/realistic-bug';
import { CheckKind } from '../../../observe/difference';
import { failedCases } from '../test-support/failed-cases';
import { failurePicture, MAX_PICTURE_CHARACTERS } from './failure-picture';
import { machineRunView } from './machine-view';
import { isFailurePicture } from './picture-schema';
import { MachinePicture } from './picture-types';
import { pictureText } from './picture-text';
import { PictureView } from './picture-view';

/**
 * Machine pictures of real runs: the shadow assignment's public suite on the
 * reference with one deliberate mistake (assignments/shadow/test-support),
 * judged in this process as the grader judges a sandbox's observations.
 */
function variant(name: string): RealisticBug {
  const found = REALISTIC_BUGS.find((candidate) => candidate.id === name);
  if (found === undefined) throw new Error(`no variant ${name}`);
  return found;
}

/** The pictures of the public tests a variant fails, each checked against the schema and the size cap. */
function pictures(name: string, check?: CheckKind): { id: string; check: string; field: string; picture: MachinePicture }[] {
  return failedCases('shadow', variant(name).components, (suite) => suite === 'public', check).map(({ test, failed }) => {
    const picture = failurePicture(failed);
    expect(isFailurePicture(picture)).toBe(true);
    expect(JSON.stringify(picture).length).toBeLessThanOrEqual(MAX_PICTURE_CHARACTERS);
    return { id: test.id, check: test.check, field: failed.difference.field, picture: picture as MachinePicture };
  });
}

test('a clean page mapped writable: the shadow leaf beside its guest entry and the reference\'s, RW marked', () => {
  const drawn = pictures('cleanPageWritable', 'policy').find((candidate) => candidate.check === 'policy' && candidate.field === 'shadow entry flags');
  expect(drawn).toBeDefined();
  const { picture } = drawn!;
  expect(picture.entry).toMatchObject({ table: 'shadow', title: expect.stringMatching(/^entry \d+ of the shadow of the guest's PT at gPA 0x/) });
  expect(picture.entry?.guest).toBeDefined();
  const view = machineRunView(picture);
  expect(view.entry?.shadow).toBe(true);
  expect(view.entry?.bits.sides.map((side) => side.label)).toEqual(['guest entry', 'reference', 'yours']);
  expect(view.entry?.bits.rows.map((row) => row.name)).not.toContain('address of the frame or table it points to');
  const differing = view.entry?.bits.rows.filter((row) => row.differs).map((row) => row.name) ?? [];
  expect(differing).toContain('RW: writable');
  expect(view.events[view.events.length - 1].first).toBe(true);
  expect(view.columns).toEqual(['Event', 'What the guest saw', 'Page faults handled', 'VM exits']);
});

test('an injected #PF without U: the error codes decoded, bit 2 marked', () => {
  const drawn = pictures('injectWithoutUser').find((candidate) => candidate.picture.code !== undefined);
  expect(drawn?.picture.code).toEqual({ register: 'pf-error-code', expected: expect.stringMatching(/^0x/), got: expect.stringMatching(/^0x/) });
  const bits = machineRunView(drawn!.picture).codeBits;
  expect(bits?.rows.filter((row) => row.differs).map((row) => row.bits)).toEqual(['2']);
});

test('under an invariant check the design is free: no exits column, no reference shadow entry to compare with', () => {
  const invariant = [...pictures('cleanPageWritable'), ...pictures('neverZaps')].filter((candidate) => candidate.check === 'invariant');
  expect(invariant.length).toBeGreaterThan(0);
  for (const { picture } of invariant) {
    expect(picture.events.every((event) => event.exits === undefined)).toBe(true);
    expect(picture.entry?.expected).toBeUndefined();
    expect(machineRunView(picture).columns).toEqual(['Event', 'What the guest saw', 'Page faults handled']);
  }
});

test('the events shown end at the first difference, with those before it counted', () => {
  for (const { picture } of pictures('neverZaps', 'policy')) {
    if (picture.first.at !== 'event') continue;
    expect(picture.first.index).toBe(picture.events.length - 1);
    expect(picture.events.length).toBeLessThanOrEqual(6);
    expect(picture.events[0].event).toBe(picture.eventsBefore);
  }
});

test('a student machine that stopped: the event it stopped at, with the message', () => {
  const stub = { handle: () => { throw new Error('not implemented: hiddenFaultHandler'); } };
  const [first] = failedCases('shadow', { hiddenFaultHandler: stub }, (suite) => suite === 'public');
  const picture = failurePicture(first.failed) as MachinePicture;
  const last = picture.events[picture.events.length - 1];
  expect(last.outcome.got).toMatch(/^stopped: .*not implemented: hiddenFaultHandler/);
});

test('a counter that differs gets its own column, marked where yours differs (a flush missing shows as TLB flushes)', () => {
  const drawn = ['noFlushAfterUnlink', 'cr3KeepsTlb', 'flushConditionInverted']
    .flatMap((name) => pictures(name, 'policy'))
    .find((candidate) => candidate.field === 'TLB flushes');
  expect(drawn).toBeDefined();
  const { picture } = drawn!;
  expect(picture.counter).toBe('TLB flushes');
  const view = machineRunView(picture);
  expect(view.columns[view.columns.length - 1]).toBe('TLB flushes');
  const last = view.events[view.events.length - 1];
  expect(last.first).toBe(true);
  expect(last.cells).toHaveLength(view.columns.length - 1);
  expect(last.cells[last.cells.length - 1].differs).toBe(true);
  expect(pictureText({ walk: null, grid: null, machine: view, tlb: null } satisfies PictureView)).toMatch(/TLB flushes/);
});

test('under an invariant check the entry marks the flag that breaks the rule: RW of a leaf writable though clean', () => {
  const drawn = pictures('cleanPageWritable').find((candidate) => candidate.check === 'invariant' && candidate.picture.entry?.table === 'shadow');
  expect(drawn?.picture.entry?.breaks).toEqual(['RW']);
  const bits = machineRunView(drawn!.picture).entry?.bits;
  expect(bits?.rows.filter((row) => row.differs).map((row) => row.name)).toEqual(['RW: writable']);
  expect(bits?.summary).toMatch(/breaks the rule in bit 1 \(RW: writable\)/);
});

test('a stale shadow entry marks P; NX dropped marks NX', () => {
  const stale = pictures('neverZaps').find((candidate) => candidate.picture.entry?.breaks?.includes('P'));
  expect(stale).toBeDefined();
  const nx = pictures('leafExecutable').find((candidate) => candidate.picture.entry !== undefined);
  expect(nx?.picture.entry?.breaks).toEqual(['NX']);
  expect(machineRunView(nx!.picture).entry?.bits.rows.filter((row) => row.differs).map((row) => row.name)).toEqual(['NX: execute-disable']);
});
