import * as path from 'path';
import { loadAssignment } from '../../framework/load-assignment';
import { diagnoseCase } from '../../framework/diagnose';
import { FailedCase, Misconception } from '../../framework/misconception';
import { observe } from '../../../observe/observe';
import { compareTlbRuns } from '../../../observe/tlb/tlb-difference';
import { TlbObservation, TlbOutcome } from '../../../observe/tlb/tlb-observation';
import { TlbOperation, TlbProbe } from '../../../observe/tlb/tlb-probe-types';
import { MachineObservation } from '../../../observe/machine/machine-observation';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { sketchTlb, TlbBug } from '../test-support/sketch-tlb';
import { MISCONCEPTIONS } from '.';

const manifest = loadAssignment(path.join(__dirname, '..')).manifest;
const rules = manifest.rules ?? [];

// ---- hand-made probes -------------------------------------------------------

type Context = { vpid?: number; pcid?: number };
const fill = (va: string, o: Context & { global?: boolean; size?: string; frame?: string; rights?: string; dirty?: boolean; mapped?: string } = {}): TlbOperation => ({
  op: 'fill',
  vpid: o.vpid ?? 0,
  pcid: o.pcid ?? 0,
  global: o.global ?? false,
  va,
  pageSize: o.size ?? '0x1000',
  physicalBase: o.frame ?? '0x5000',
  rights: o.rights ?? 'rwxu',
  dirty: o.dirty ?? true,
  ...(o.mapped === undefined ? {} : { mappedPageSize: o.mapped }),
});
const look = (va: string, o: Context & { kind?: 'read' | 'write' | 'fetch'; user?: boolean; wp?: boolean } = {}): TlbOperation => ({
  op: 'lookup',
  vpid: o.vpid ?? 0,
  pcid: o.pcid ?? 0,
  va,
  access: { kind: o.kind ?? 'read', user: o.user ?? true },
  wp: o.wp ?? true,
});
const invlpg = (va: string, o: Context = {}): TlbOperation => ({ op: 'invlpg', vpid: o.vpid ?? 0, pcid: o.pcid ?? 0, va });
const cr3 = (o: Context = {}): TlbOperation => ({ op: 'cr3-write', vpid: o.vpid ?? 0, pcid: o.pcid ?? 0 });
const probe = (operations: TlbOperation[], config = { entries: 8, ways: 2 }): TlbProbe => ({ kind: 'tlb', config, operations });

/** A failing case: the reference's run, and the student's from a sketch bug or from the reference's run with outcomes replaced by hand. */
function tlbCase(p: TlbProbe, student: TlbBug | Record<number, TlbOutcome>): FailedCase {
  const expected = observe(p, REFERENCE_COMPONENTS) as TlbObservation;
  const got: TlbObservation =
    typeof student === 'string'
      ? (observe(p, { ...REFERENCE_COMPONENTS, tlb: sketchTlb([student]) }) as TlbObservation)
      : { ...expected, steps: expected.steps.map((step, i) => (student[i] === undefined ? step : { ...step, outcome: student[i] })) };
  const difference = compareTlbRuns(expected, got);
  if (difference === null) throw new Error('the hand-made case does not fail');
  return { probe: p, expected, got, difference, test: { id: 'hand-made', component: 'tlb', rules: [] } };
}

const hitOn = (operation: TlbOperation, va = '0x400000'): TlbOutcome => {
  if (operation.op !== 'fill') throw new Error('a hit on a fill');
  return { kind: 'hit', address: va, entry: { vpid: operation.vpid, pcid: operation.pcid, global: operation.global, page: operation.va, pageSize: operation.pageSize, frame: operation.physicalBase, rights: operation.rights, dirty: operation.dirty } };
};

const A = fill('0x400000');
const twoWaysFull = [fill('0x400000'), fill('0x404000', { frame: '0x6000' })];
const threePieces = [0, 1, 2].map((i) => fill(`0x20${i}000`, { frame: `0x90${i}000`, mapped: '0x200000' }));

/** One failing case per misconception, and a case of a different mistake it must not take for its own. */
const CASES: Record<string, { failed: () => FailedCase; notThis: string }> = {
  'drop-count-wrong': { failed: () => tlbCase(probe([...threePieces, invlpg('0x200000'), look('0x201000'), look('0x202000')]), 'invlpgCountsOne'), notThis: 'invlpg-drops-one-piece' },
  'global-entry-crosses-vpids': { failed: () => tlbCase(probe([fill('0xffff800000001000', { vpid: 1, global: true, rights: 'rwx' }), look('0xffff800000001000', { vpid: 2, user: false })]), 'globalCrossesVpids'), notThis: 'lookup-ignores-vpid' },
  'lookup-ignores-vpid': { failed: () => tlbCase(probe([fill('0x400000', { vpid: 1 }), look('0x400000', { vpid: 2 })]), 'ignoresVpid'), notThis: 'lookup-ignores-pcid' },
  'lookup-ignores-pcid': { failed: () => tlbCase(probe([fill('0x400000', { pcid: 1 }), look('0x400000', { pcid: 2 })]), 'ignoresPcid'), notThis: 'lookup-ignores-vpid' },
  'global-entry-serves-own-pcid-only': { failed: () => tlbCase(probe([fill('0x400000', { pcid: 1, global: true }), look('0x400000', { pcid: 2 })]), 'globalIgnoredByLookup'), notThis: 'write-protect-clear-ignored' },
  'clean-entry-serves-writes': { failed: () => tlbCase(probe([fill('0x400000', { dirty: false }), look('0x400000', { kind: 'write' })]), 'cleanEntryServesWrites'), notThis: 'write-right-ignored' },
  'denied-entry-kept': { failed: () => tlbCase(probe([fill('0x400000', { dirty: false }), look('0x400000', { kind: 'write' }), look('0x400000')]), 'deniedEntryKept'), notThis: 'clean-entry-serves-writes' },
  'user-right-ignored': { failed: () => tlbCase(probe([fill('0x400000', { rights: 'rw' }), look('0x400000')]), 'ignoresUserRight'), notThis: 'execute-right-ignored' },
  'write-right-ignored': { failed: () => tlbCase(probe([fill('0x400000', { rights: 'rxu' }), look('0x400000', { kind: 'write' })]), { 1: hitOn(fill('0x400000', { rights: 'rxu' })) }), notThis: 'clean-entry-serves-writes' },
  'execute-right-ignored': { failed: () => tlbCase(probe([fill('0x400000', { rights: 'rwu' }), look('0x400000', { kind: 'fetch' })]), 'fetchIgnoresExecute'), notThis: 'read-right-ignored' },
  'read-right-ignored': { failed: () => tlbCase(probe([fill('0x400000', { rights: 'xu' }), look('0x400000')]), 'readIgnoresReadRight'), notThis: 'execute-right-ignored' },
  'vm-transition-flushes-with-vpids': { failed: () => tlbCase(probe([A, { op: 'vm-transition', vpidEnabled: true }]), 'vmTransitionAlwaysFlushes'), notThis: 'vm-transition-never-flushes' },
  'vm-transition-never-flushes': { failed: () => tlbCase(probe([A, { op: 'vm-transition', vpidEnabled: false }]), 'vmTransitionNeverFlushes'), notThis: 'vm-transition-flushes-with-vpids' },
  'invvpid-spares-globals': { failed: () => tlbCase(probe([fill('0x400000', { vpid: 1, global: true }), fill('0x401000', { vpid: 1 }), { op: 'invvpid', vpid: 1 }]), 'invvpidSparesGlobals'), notThis: 'invvpid-wrong-scope' },
  'invvpid-wrong-scope': { failed: () => tlbCase(probe([fill('0x400000', { vpid: 1 }), fill('0x401000', { vpid: 2 }), { op: 'invvpid', vpid: 1 }, look('0x401000', { vpid: 2 })]), { 2: { kind: 'dropped', count: 2 }, 3: { kind: 'miss' } }), notThis: 'invvpid-spares-globals' },
  'invlpg-spares-globals': { failed: () => tlbCase(probe([fill('0xffff800000200000', { pcid: 1, global: true }), invlpg('0xffff800000200abc', { pcid: 5 })]), 'invlpgSparesGlobals'), notThis: 'invlpg-drops-one-piece' },
  'invlpg-drops-large-page-at-first-4kib-only': { failed: () => tlbCase(probe([fill('0x40000000', { size: '0x200000', frame: '0x80000000' }), invlpg('0x401ff123')]), 'invlpgOnly4KiBPages'), notThis: 'invlpg-spares-globals' },
  'invlpg-drops-one-piece': { failed: () => tlbCase(probe([...threePieces, invlpg('0x200000')]), 'invlpgKeepsOtherPieces'), notThis: 'invlpg-spares-globals' },
  'invlpg-drops-every-pcid': { failed: () => tlbCase(probe([fill('0x400000', { pcid: 1 }), fill('0x400000', { pcid: 2 }), invlpg('0x400000', { pcid: 1 })]), 'invlpgDropsEveryPcid'), notThis: 'invlpg-ignores-vpid' },
  'invlpg-ignores-vpid': { failed: () => tlbCase(probe([fill('0x200000', { vpid: 1, mapped: '0x200000' }), fill('0x201000', { vpid: 2, mapped: '0x200000' }), invlpg('0x200000', { vpid: 1 })]), 'invlpgPiecesIgnoreVpid'), notThis: 'invlpg-drops-every-pcid' },
  'invlpg-misses-entries': { failed: () => tlbCase(probe([A, invlpg('0x400000'), look('0x400000')]), { 1: { kind: 'dropped', count: 0 }, 2: hitOn(A) }), notThis: 'invlpg-drops-every-pcid' },
  'cr3-write-drops-globals': { failed: () => tlbCase(probe([fill('0x400000', { global: true }), fill('0x401000'), cr3()]), 'cr3WriteDropsGlobals'), notThis: 'cr3-write-drops-every-pcid' },
  'cr3-write-drops-every-pcid': { failed: () => tlbCase(probe([fill('0x400000'), fill('0x401000', { pcid: 1 }), cr3()]), 'cr3WriteDropsEveryPcid'), notThis: 'cr3-write-drops-globals' },
  'cr3-write-ignores-vpid': { failed: () => tlbCase(probe([fill('0x400000', { vpid: 1 }), fill('0x401000', { vpid: 2 }), cr3({ vpid: 1 })]), 'cr3WriteIgnoresVpid'), notThis: 'cr3-write-drops-every-pcid' },
  'cr3-write-keeps-context': { failed: () => tlbCase(probe([A, cr3(), look('0x400000')]), { 1: { kind: 'dropped', count: 0 }, 2: hitOn(A) }), notThis: 'cr3-write-drops-globals' },
  'page-numbers-truncated-to-32-bits': { failed: () => tlbCase(probe([A, look('0x100400000')]), 'pageNumberIn32Bits'), notThis: 'entry-serves-outside-its-page' },
  'large-entry-serves-one-4kib-page': { failed: () => tlbCase(probe([fill('0x40000000', { size: '0x200000', frame: '0x80000000' }), look('0x401ff000')]), 'largePageMatchesOne4KiBPage'), notThis: 'set-from-4kib-page-number' },
  'set-from-4kib-page-number': { failed: () => tlbCase(probe([fill('0x40200000', { size: '0x200000', frame: '0x80000000' }), ...twoWaysFull, look('0x40200000')]), 'setFrom4KiBNumber'), notThis: 'large-entry-serves-one-4kib-page' },
  'set-index-modulo-ways': { failed: () => tlbCase(probe([A, fill('0x401000'), fill('0x402000'), fill('0x404000'), look('0x400000')]), 'setModuloWays'), notThis: 'evicts-most-recently-used' },
  'entry-serves-outside-its-page': { failed: () => tlbCase(probe([A, look('0x405000')]), { 1: hitOn(A, '0x5000') }), notThis: 'lookup-ignores-pcid' },
  'miss-changes-the-tlb': { failed: () => tlbCase(probe([A, look('0x409000'), look('0x400000')]), { 2: { kind: 'miss' } }), notThis: 'entry-refuses-what-its-rights-allow' },
  'hits-do-not-refresh-recency': { failed: () => tlbCase(probe([...twoWaysFull, look('0x400000'), fill('0x408000'), look('0x404000')]), 'fifoReplacement'), notThis: 'evicts-other-than-lru' },
  'evicts-most-recently-used': { failed: () => tlbCase(probe([...twoWaysFull, fill('0x408000'), look('0x400000')]), 'evictsMostRecent'), notThis: 'hits-do-not-refresh-recency' },
  'freed-ways-not-reused': { failed: () => tlbCase(probe([...twoWaysFull, invlpg('0x400000'), fill('0x408000'), look('0x404000')]), 'ignoresFreedWays'), notThis: 'evicts-most-recently-used' },
  'evicts-while-a-way-is-free': { failed: () => tlbCase(probe([A, fill('0x404000'), look('0x400000')]), { 2: { kind: 'miss' } }), notThis: 'evicts-most-recently-used' },
  'refill-of-global-page-keeps-duplicates': { failed: () => tlbCase(probe([fill('0x400000', { vpid: 1, pcid: 2, frame: '0x3000' }), fill('0x400000', { vpid: 1, pcid: 3, global: true, frame: '0x4000' }), look('0x400010', { vpid: 1, pcid: 2 })]), 'refillIgnoresGlobalCollisions'), notThis: 'refill-keeps-duplicates' },
  'refill-keeps-duplicates': { failed: () => tlbCase(probe([A, fill('0x400000', { frame: '0x7000' }), look('0x400000')]), 'duplicatesOnRefill'), notThis: 'lookup-ignores-pcid' },
  'evicts-other-than-lru': {
    failed: () => tlbCase(probe([fill('0x400000'), fill('0x402000'), fill('0x404000'), fill('0x406000'), look('0x402000')], { entries: 6, ways: 3 }), { 4: { kind: 'miss' } }),
    notThis: 'evicts-while-a-way-is-free',
  },
  'write-protect-clear-ignored': { failed: () => tlbCase(probe([fill('0x400000', { rights: 'rx' }), look('0x400000', { kind: 'write', user: false, wp: false })]), 'ignoresWriteProtectOff'), notThis: 'entry-refuses-what-its-rights-allow' },
  'entry-refuses-what-its-rights-allow': { failed: () => tlbCase(probe([A, look('0x400000')]), { 1: { kind: 'miss' } }), notThis: 'evicts-most-recently-used' },
  'vpid-translations-lost-across-vm-switches': { failed: () => machineCase(true, { tlbMisses: 1 }, { tlbMisses: 2 }), notThis: 'stale-translation-across-vm-switches' },
  'stale-translation-across-vm-switches': { failed: () => machineCase(true, { tlbMisses: 1 }, {}), notThis: 'vpid-translations-lost-across-vm-switches' },
};

/** A machine run of two VMs taking turns on page 0x400000: the last access (VM 1's second) counts `want` on the reference and `got` on the student's machine. */
function machineCase(vpid: boolean, want: Record<string, number>, got: Record<string, number>): FailedCase {
  const events = [
    { event: 0, op: 'read' as const, vm: 1, pid: 1, va: '0x400000', counters: { tlbMisses: 1 } },
    { event: 1, op: 'read' as const, vm: 2, pid: 1, va: '0x500000', counters: { tlbMisses: 1 } },
    { event: 2, op: 'read' as const, vm: 1, pid: 1, va: '0x400000', counters: want },
  ];
  const run = (last: Record<string, number>): MachineObservation => ({ kind: 'machine', mode: 'ept', events: [events[0], events[1], { ...events[2], counters: last }], snapshots: [] });
  return {
    probe: { kind: 'machine', scenario: { machine: { mode: 'ept', vpid }, events: [] } },
    expected: run(want),
    got: run(got),
    difference: { where: 'event 2', field: 'TLB misses', expected: String(want.tlbMisses ?? 0), got: String(got.tlbMisses ?? 0), message: '', detail: { event: 2 } },
    test: { id: 'hand-made', component: 'tlb', rules: [] },
  };
}

describe('the TLB misconception catalogue', () => {
  it('covers every rule of the manifest, names only its rules, with unique ids and plain words free of addresses', () => {
    const ruleIds = new Set(rules.map((rule) => rule.id));
    expect(rules.filter((rule) => !MISCONCEPTIONS.some((m) => m.rule === rule.id)).map((rule) => rule.id)).toEqual([]);
    expect(MISCONCEPTIONS.filter((m) => !ruleIds.has(m.rule)).map((m) => m.id)).toEqual([]);
    expect(new Set(MISCONCEPTIONS.map((m) => m.id)).size).toBe(MISCONCEPTIONS.length);
    for (const m of MISCONCEPTIONS) {
      for (const text of [m.title, m.explanation, m.concept]) {
        expect(text.trim()).not.toBe('');
        expect(text).not.toMatch(/0x[0-9a-f]+/i);
      }
    }
  });

  it('has a hand-made case for every misconception', () => {
    expect(MISCONCEPTIONS.map((m) => m.id).filter((id) => CASES[id] === undefined)).toEqual([]);
  });

  const byId = (id: string): Misconception => {
    const found = MISCONCEPTIONS.find((m) => m.id === id);
    if (found === undefined) throw new Error(`no misconception ${id}`);
    return found;
  };

  it.each(Object.keys(CASES))('diagnoses %s from its case, and does not take the case of another mistake for it', (id) => {
    const { failed, notThis } = CASES[id];
    expect(diagnoseCase(MISCONCEPTIONS, rules, failed())?.misconception?.id).toBe(id);
    expect(byId(id).recognise(CASES[notThis].failed())).toBe(false);
  });

  it('recognises nothing in a case of another observation kind, or in a run that threw', () => {
    const walk: FailedCase = { ...CASES['lookup-ignores-vpid'].failed(), probe: { kind: 'walk' } as never };
    const threw = CASES['lookup-ignores-vpid'].failed();
    const stopped: FailedCase = { ...threw, got: { ...(threw.got as TlbObservation), stopped: { operation: 1, message: 'boom' } } };
    for (const m of MISCONCEPTIONS) {
      expect([m.id, m.recognise(walk)]).toEqual([m.id, false]);
      expect([m.id, m.recognise(stopped)]).toEqual([m.id, false]);
    }
  });
});
