import { loadAssignment } from '../../framework/load-assignment';
import { diagnoseCase } from '../../framework/diagnose';
import { FailedCase } from '../../framework/misconception';
import { Difference } from '../../../observe/difference';
import { HandledFault, MachineEventRecord, MachineObservation, VmSnapshot } from '../../../observe/machine/machine-observation';
import { MISCONCEPTIONS } from '.';
import * as path from 'path';

/**
 * The shadow catalogue on hand-made failing cases: each misconception
 * recognises the symptom it is written for, the whole catalogue diagnoses
 * that case with it (nothing earlier claims it), and it does not recognise
 * the case of another mistake.
 */

const rules = loadAssignment(path.join(__dirname, '..')).manifest.rules ?? [];

const ROOT = '0x100000';
const PT = '0x104000';

function vm(extra: Partial<VmSnapshot> = {}): VmSnapshot {
  return {
    vm: 1,
    runningPid: 1,
    guestCr3: ROOT,
    guestTables: [
      { table: ROOT, level: 4, entries: { 0: '0x102027' } },
      { table: '0x102000', level: 3, entries: { 0: '0x103027' } },
      { table: '0x103000', level: 2, entries: { 2: '0x104027' } },
      { table: PT, level: 1, entries: { 0: '0x8000000000108067' } },
    ],
    shadow: { root: '0x200000', protected: [ROOT, '0x102000', '0x103000', PT], pages: [] },
    tlb: [],
    ...extra,
  };
}

const record = (event: number, op: MachineEventRecord['op'], extra: Partial<MachineEventRecord> = {}): MachineEventRecord => ({ event, op, vm: 1, pid: 1, ...extra });
const inject = (errorCode: string, cr2 = '0x400010', access: HandledFault['access'] = 'read'): HandledFault => ({ va: cr2, access, result: 'inject', errorCode, cr2 });
const FIXED: HandledFault = { va: '0x400010', access: 'read', result: 'fixed' };

interface CaseOptions {
  readonly op?: MachineEventRecord['op'];
  readonly expectedRecord?: Partial<MachineEventRecord>;
  readonly gotRecord?: Partial<MachineEventRecord>;
  readonly difference: Partial<Difference> & { readonly detail?: Record<string, unknown> };
  readonly stopped?: string;
  /** The student's state after the event before the difference (event 1). */
  readonly before?: Partial<VmSnapshot>;
  /** The states after the difference's event (event 2): the reference's and the student's. */
  readonly expectedAfter?: Partial<VmSnapshot>;
  readonly gotAfter?: Partial<VmSnapshot>;
  readonly clearedBefore?: boolean;
}

/** A three-event case (spawn, then a warm-up, then the event that differs: event 2). */
function machineCase(options: CaseOptions): FailedCase {
  const op = options.op ?? 'read';
  const first = [record(0, 'spawn'), record(1, options.clearedBefore === true ? 'clear-ad' : 'read', { va: '0x400000' })];
  const expectedRecord = record(2, op, { va: '0x400010', ...options.expectedRecord });
  const gotRecord = record(2, op, { va: '0x400010', ...options.gotRecord });
  const snapshots = (after: Partial<VmSnapshot> | undefined, before: Partial<VmSnapshot> | undefined, stopped: boolean) => [
    { afterEvent: 0, vms: [vm(before)] },
    { afterEvent: 1, vms: [vm(before)] },
    ...(stopped ? [] : [{ afterEvent: 2, vms: [vm(after)] }]),
  ];
  const expected: MachineObservation = { kind: 'machine', mode: 'shadow', events: [...first, expectedRecord], snapshots: snapshots(options.expectedAfter, undefined, false) };
  const got: MachineObservation = {
    kind: 'machine',
    mode: 'shadow',
    events: [...first, gotRecord],
    snapshots: snapshots(options.gotAfter, options.before, options.stopped !== undefined),
    ...(options.stopped === undefined ? {} : { stopped: { event: 2, message: options.stopped } }),
  };
  const difference: Difference = { where: 'event 2', field: 'shadow entry', expected: '', got: '', message: '', step: 2, ...options.difference, detail: { event: 2, vm: 1, ...options.difference.detail } };
  const events = [{ op: 'spawn', pid: 1 }, { op: options.clearedBefore === true ? 'clear-ad' : 'read', pid: 1, va: '0x400000' }, { op, pid: 1, va: '0x400010' }];
  return {
    probe: { kind: 'machine', snapshots: 'every-event', scenario: { name: 'case', machine: { mode: 'shadow' }, events } } as FailedCase['probe'],
    expected,
    got,
    difference,
    test: { id: 'shadow.case', component: 'hiddenFaultHandler', rules: [] },
  };
}

const rule = (problem: string, level: number, extra: Record<string, unknown> = {}) => ({ field: 'shadow entry', detail: { problem, level, shadows: level === 4 ? ROOT : PT, index: 0, ...extra } });
const guestEntry = (expected: string, got: string, message: string, level = 1) => ({ field: "guest's entry", expected: `${expected} (P)`, got: `${got} (P)`, message, detail: { table: level === 4 ? ROOT : PT, level, index: 0 } });
const AD = "The guest's accessed/dirty bits differ (A clear, expected set): ...";
const STORE = "The guest's own page-table entry differs from what the guest OS wrote: a trapped store was not emulated exactly (same address, same value).";
const injection = (want: HandledFault | undefined, have: HandledFault | undefined) => ({ field: '1st page fault delivered to the guest', detail: { fault: 0, expectedFault: want, gotFault: have } });
const STUCK = 'NoProgressError: access to 0x400010 still faults after 8 hidden faults';
const NO_A = { guestTables: vm().guestTables.map((table) => ({ ...table, entries: Object.fromEntries(Object.entries(table.entries).map(([index, entry]) => [index, `0x${(BigInt(entry) & ~0x60n).toString(16)}`])) })) };
const UNPROTECTED = { shadow: { root: '0x200000', protected: [], pages: [] } };
const UNSYNC_PT = { shadow: { root: '0x200000', protected: [ROOT], pages: [{ table: '0x201000', shadows: PT, level: 1, unsync: true as const, entries: {} }] } };
const PT_STORE = { exits: { 'pt-write': 1 } };

const CASES: Record<string, FailedCase> = {
  'leaf-at-table-level': machineCase({ stopped: 'your hiddenFaultHandler called shadow.setLeaf on a level-2 shadow page: ...', difference: { field: 'the event' } }),
  'cr3-returns-no-root': machineCase({ op: 'spawn', stopped: "your shadowSync returned null from cr3Write for guest CR3 0x100000: ...", difference: { field: 'the event' } }),
  'fixed-instead-of-injected': machineCase({ expectedRecord: { faults: [inject('0x4')] }, gotRecord: { faults: [FIXED, FIXED] }, stopped: STUCK, difference: { field: 'the event' } }),
  'injected-for-allowed-access': machineCase({ difference: injection(undefined, inject('0x4')) }),
  'store-not-emulated-or-allowed-access-injected': machineCase({ stopped: 'NoProgressError: event 2 still faults after demand paging', difference: { field: 'the event' } }),
  'error-code-p-bit': machineCase({ difference: injection(inject('0x7'), inject('0x6')) }),
  'error-code-w-bit': machineCase({ difference: injection(inject('0x6'), inject('0x4')) }),
  'error-code-u-bit': machineCase({ difference: injection(inject('0x4'), inject('0x0')) }),
  'error-code-rsvd-bit': machineCase({ difference: injection(inject('0xd'), inject('0x5')) }),
  'error-code-id-bit': machineCase({ difference: injection(inject('0x14'), inject('0x4')) }),
  'cr2-not-faulting-address': machineCase({ difference: injection(inject('0x4', '0x400010'), inject('0x4', '0x400000')) }),
  'store-truncated': machineCase({ op: 'mprotect', difference: guestEntry('0x8000000000108025', '0x108025', STORE) }),
  'store-merged-with-old-entry': machineCase({ op: 'munmap', difference: guestEntry('0x0', '0x108025', STORE) }),
  'store-not-emulated-exactly': machineCase({ op: 'munmap', difference: guestEntry('0x108025', '0x0', STORE) }),
  'tlb-kept-across-cr3': machineCase({ expectedRecord: { exits: { 'cr3-write': 1 } }, difference: { field: 'cached translation', detail: { page: '0x400000' } } }),
  'no-flush-after-unlink': machineCase({ op: 'munmap', expectedRecord: { counters: { tlbFlushes: 1 } }, difference: { field: 'cached translation', detail: { page: '0x400000' } } }),
  'invlpg-keeps-tlb': machineCase({ op: 'munmap', expectedRecord: { exits: { invlpg: 1 } }, difference: { field: 'cached translation', detail: { page: '0x400000' } } }),
  'one-shadow-for-all': machineCase({ difference: rule("is not what the hardware's CR3 holds (0x200000): CR3 must hold the shadow of the guest's CR3", 4, { index: -1 }) }),
  'store-to-root-not-synced': machineCase({ op: 'munmap', difference: rule('is stale: the guest entry is not present', 4) }),
  'store-to-upper-table-not-synced': machineCase({ op: 'munmap', difference: rule('is stale: the guest entry is not present', 2) }),
  'out-of-sync-not-resynced': machineCase({ op: 'mprotect', before: UNSYNC_PT, difference: rule('is writable while the guest entry is read-only', 1) }),
  'in-place-update-ignores-dirty': machineCase({ op: 'clear-ad', gotRecord: PT_STORE, expectedRecord: PT_STORE, difference: rule('is writable while the guest PTE is clean (D = 0)', 1) }),
  'leaf-kept-after-accessed-cleared': machineCase({ clearedBefore: true, difference: guestEntry('0x8000000000108027', '0x8000000000108007', AD) }),
  'store-not-synced': machineCase({ op: 'munmap', difference: rule('is stale: the guest entry is not present', 1) }),
  'resync-without-protection': machineCase({ op: 'invlpg', before: UNSYNC_PT, difference: rule('shadows guest table 0x104000, which is not write-protected: ...', 1, { index: -1 }) }),
  'protection-dropped-after-store': machineCase({ op: 'munmap', difference: rule('shadows guest table 0x104000, which is not write-protected: ...', 1, { index: -1 }) }),
  'root-not-protected': machineCase({ before: UNPROTECTED, difference: rule('shadows guest table 0x100000, which is not write-protected: ...', 4, { index: -1 }) }),
  'protection-never-released': machineCase({ op: 'write', before: { shadow: { root: '0x200000', protected: [ROOT, '0x108000'], pages: [] } }, stopped: STUCK, difference: { field: 'the event' } }),
  'shadow-not-freed': machineCase({ op: 'exit', difference: rule('shadows guest frame 0x100000, which is no page table of a live process: ...', 4, { index: -1 }) }),
  'dirty-on-read': machineCase({ difference: guestEntry('0x8000000000108027', '0x8000000000108067', "The guest's accessed/dirty bits differ (D set, expected clear): ...") }),
  'no-accessed-dirty-at-all': machineCase({ gotAfter: NO_A, difference: guestEntry('0x102027', '0x102007', AD, 4) }),
  'accessed-on-leaf-only': machineCase({ difference: guestEntry('0x102027', '0x102007', AD, 4) }),
  'accessed-only-on-success': machineCase({ expectedRecord: { faults: [inject('0x4')] }, difference: guestEntry('0x102027', '0x102007', AD, 4) }),
  'dirty-not-set-on-write': machineCase({ op: 'write', difference: guestEntry('0x8000000000108067', '0x8000000000108027', "The guest's accessed/dirty bits differ (D clear, expected set): ...") }),
  'large-piece-writable-before-dirty': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule("is writable while the guest's large page is clean (D = 0)", 1, { direct: true }) }),
  'writable-before-dirty': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule('is writable while the guest PTE is clean (D = 0)', 1) }),
  'leaf-executable-despite-nx': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule('is executable while the guest entry is NX', 1) }),
  'writable-despite-read-only': machineCase({ op: 'write', gotRecord: { faults: [FIXED] }, difference: rule('is writable while the guest entry is read-only', 1) }),
  'path-does-not-allow-access': machineCase({ expectedRecord: { faults: [inject('0x4'), FIXED] }, gotRecord: { faults: [inject('0x4'), FIXED, FIXED] }, stopped: STUCK, difference: { field: 'the event' } }),
  'path-at-wrong-index': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule('is a non-root shadow page that no entry points to', 1, { index: -1 }) }),
  'guest-frame-as-host-frame': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule('maps host frame 0x108000, but guest frame 0x108000 is backed by 0x10a000', 1) }),
  'large-page-piece-frame': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule('maps host frame 0x107000, but the guest frame is backed by 0x10a000', 1, { direct: true }) }),
  'direct-page-by-accessed-frame': machineCase({ gotRecord: { faults: [FIXED] }, difference: rule('points to the shadow of guest frame 0x3ff000, the guest entry points to 0x200000', 2) }),
  'data-frame-protected': machineCase({ op: 'write', gotRecord: { faults: [FIXED] }, difference: rule('maps guest frame 0x108000 writable, but that frame is write-protected: a user store to it would not trap', 1) }),
  'upper-tables-not-protected': machineCase({ before: UNPROTECTED, gotRecord: { faults: [FIXED] }, difference: rule('shadows guest table 0x102000, which is not write-protected: ...', 3, { index: -1, shadows: '0x102000' }) }),
};

test('the catalogue covers every rule of the manifest, with unique ids, words a student can read and no addresses', () => {
  const ruleIds = rules.map((candidate) => candidate.id);
  expect(ruleIds.filter((id) => !MISCONCEPTIONS.some((item) => item.rule === id))).toEqual([]);
  expect(MISCONCEPTIONS.filter((item) => !ruleIds.includes(item.rule)).map((item) => item.id)).toEqual([]);
  expect(new Set(MISCONCEPTIONS.map((item) => item.id)).size).toBe(MISCONCEPTIONS.length);
  for (const item of MISCONCEPTIONS) {
    for (const text of [item.title, item.explanation, item.concept]) {
      expect(text.trim()).not.toBe('');
      expect(text).not.toMatch(/0x[0-9a-f]/i);
    }
    expect(item.component === 'shadowSync' || item.component === 'hiddenFaultHandler').toBe(true);
  }
});

test('every misconception has a hand-made case here', () => {
  expect(Object.keys(CASES).sort()).toEqual(MISCONCEPTIONS.map((item) => item.id).sort());
});

describe.each(MISCONCEPTIONS.map((item, index) => [item.id, item, index] as const))('%s', (id, item, index) => {
  test('the catalogue diagnoses its case with it, charged to its component', () => {
    const diagnosis = diagnoseCase(MISCONCEPTIONS, rules, CASES[id]);
    expect(diagnosis?.misconception?.id).toBe(id);
    expect(diagnosis?.component).toBe(item.component);
  });

  test("it does not recognise another mistake's case", () => {
    const other = MISCONCEPTIONS[(index + 1) % MISCONCEPTIONS.length];
    expect(item.recognise(CASES[other.id])).toBe(false);
  });
});

test('a case that is not a machine one, or an observation that is no observation, never breaks the diagnosis', () => {
  const walkCase = { ...CASES['store-not-synced'], expected: { kind: 'error', message: 'x' }, got: { kind: 'error', message: 'y' } } as FailedCase;
  const garbage = { ...CASES['store-not-synced'], got: { kind: 'machine', events: 'nonsense' } } as unknown as FailedCase;
  for (const item of MISCONCEPTIONS) {
    expect(item.recognise(walkCase)).toBe(false);
  }
  expect(() => diagnoseCase(MISCONCEPTIONS, rules, garbage)).not.toThrow();
});

test('a guest that reads back a table entry it never wrote is diagnosed as a store not emulated exactly', () => {
  const stopped = machineCase({ op: 'write', stopped: 'GuestTablesChangedError: the guest OS found an entry of its table …', difference: { field: 'the event' } });
  expect(diagnoseCase(MISCONCEPTIONS, rules, stopped)?.misconception?.id).toBe('store-not-emulated-exactly');
});
