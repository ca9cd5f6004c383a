import { diagnoseCase } from '../../framework/diagnose';
import { FailedCase } from '../../framework/misconception';
import { WalkProbe, WalkProbeAccess, WalkProbeControl } from '../../../observe/probe-types';
import { compareWalks } from '../../../observe/walk-difference';
import { WalkObservation, observeWalk } from '../../../observe/walk-probe';
import { referenceWalker } from '../../../reference/paging/reference-walker';
import { WalkerBug, sketchWalker } from '../test-support/sketch-walker';
import { loadWalkAssignment } from '../test-support/walk-assignment';
import { MISCONCEPTIONS } from '.';

const { assignment } = loadWalkAssignment();
const RULES = assignment.manifest.rules ?? [];

describe('the walk misconception catalogue', () => {
  it('covers every rule of the manifest, and names only rules it has', () => {
    const ruleIds = RULES.map((rule) => rule.id);
    expect(ruleIds.filter((id) => !MISCONCEPTIONS.some((misconception) => misconception.rule === id))).toEqual([]);
    expect(MISCONCEPTIONS.filter((misconception) => !ruleIds.includes(misconception.rule)).map((misconception) => misconception.id)).toEqual([]);
  });

  it('has unique ids, and titles, explanations and concepts that are words, never a case’s addresses', () => {
    const ids = MISCONCEPTIONS.map((misconception) => misconception.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { id, title, explanation, concept } of MISCONCEPTIONS) {
      expect({ id, title: title.length > 10, explanation: explanation.length > 40, concept: concept.length > 5 }).toEqual({ id, title: true, explanation: true, concept: true });
      expect({ id, hex: /0x[0-9a-f]/i.test(`${title} ${explanation} ${concept}`) }).toEqual({ id, hex: false });
    }
  });
});

/**
 * Hand-made cases on the lecture's worked vector: VA 0x7f1234567abc, tables
 * at 0x1000 (PML4), 0x2000, 0x3000, 0x4000, the page at 0x5000; entries at
 * 0x17f0, 0x2240, 0x3d10, 0x4b38 (the PML5 of a 5-level walk at 0x6000).
 * Default entries are present, writable, user, accessed (and the PTE dirty).
 */
interface Vector {
  readonly pml4e?: string;
  readonly pdpte?: string;
  readonly pde?: string;
  readonly pte?: string;
  readonly va?: string;
  readonly access?: Partial<WalkProbeAccess>;
  readonly control?: Partial<WalkProbeControl>;
  readonly failingReads?: readonly string[];
}

function probe({ pml4e = '0x2027', pdpte = '0x3027', pde = '0x4027', pte = '0x5067', va = '0x7f1234567abc', access = {}, control = {}, failingReads }: Vector): WalkProbe {
  const levels = control.levels ?? 4;
  return {
    kind: 'walk',
    control: { wp: true, nxe: true, levels, ...control },
    root: levels === 5 ? '0x6000' : '0x1000',
    va,
    access: { kind: 'read', user: true, ...access },
    memory: { '0x6000': '0x1027', '0x17f0': pml4e, '0x2240': pdpte, '0x3d10': pde, '0x4b38': pte },
    ...(failingReads === undefined ? {} : { failingReads }),
  };
}

const reference = (input: WalkProbe) => observeWalk(input, referenceWalker);

/** A failing case: the reference's walk against a buggy sketch walker's, or against the reference's walk changed by hand. */
function failing(vector: Vector, mistake: WalkerBug | ((expected: WalkObservation) => WalkObservation)): FailedCase {
  const input = probe(vector);
  const expected = reference(input);
  const got = typeof mistake === 'function' ? mistake(expected) : observeWalk(input, sketchWalker([mistake]));
  const difference = compareWalks(expected, got);
  if (difference === null) throw new Error('the hand-made case does not fail');
  return { probe: input, expected, got, difference, test: { id: 'hand-made', component: 'walker', rules: [] } };
}

/** The reference's walk of a changed probe, over the same entries as the original: what a walker that misjudges the change does. */
const asIf = (changed: Vector) => (expected: WalkObservation): WalkObservation => ({ ...reference(probe(changed)), steps: expected.steps });

const NO_A = { pml4e: '0x2007', pdpte: '0x3007', pde: '0x4007', pte: '0x5007' };
const KEY_5 = '0x2800000000005067';

/** Per misconception: a case that shows it (the catalogue must diagnose it so), and another misconception's case it must not recognise. */
const CASES: Readonly<Record<string, { readonly shows: FailedCase; readonly unlike: string }>> = {
  'five-level-starts-at-pml4': { shows: failing({ control: { levels: 5 } }, 'alwaysFourLevels'), unlike: 'index-from-wrong-bits' },
  'index-from-wrong-bits': { shows: failing({}, 'indexShiftOffByOne'), unlike: 'next-table-from-whole-entry' },
  'next-table-from-whole-entry': { shows: failing({ pdpte: '0x10000000003027' }, 'addressMaskTooWide'), unlike: 'index-from-wrong-bits' },
  'entry-address-not-base-plus-8-index': { shows: failing({}, (walk) => ({ ...walk, steps: [{ ...walk.steps[0], entryAddress: '0x10fe' }, ...walk.steps.slice(1)] })), unlike: 'index-from-wrong-bits' },
  'failed-read-taken-for-an-entry': { shows: failing({ failingReads: ['0x3d10'] }, 'failedReadAsNotPresent'), unlike: 'present-bit-first' },
  'large-page-pat-as-address': { shows: failing({ pde: '0x400010a7', va: '0x7f1234566abc' }, 'largePagePatAsAddress'), unlike: 'large-page-offset-12-bits' },
  'large-page-offset-12-bits': { shows: failing({ pde: '0x400000a7' }, 'offsetAlways4K'), unlike: 'large-page-pat-as-address' },
  'ps-does-not-end-the-walk': {
    shows: failing({ pde: '0x400000a7' }, (walk) => ({ ...walk, steps: [...walk.steps, { level: 1, index: 359, entryAddress: '0x40000b38', entry: '0x0' }], result: { ok: false, fault: 'not-present', level: 1 } })),
    unlike: 'large-page-offset-12-bits',
  },
  'frame-plus-offset': { shows: failing({}, (walk) => ({ ...walk, result: { ...walk.result, address: '0x5000' } as WalkObservation['result'] })), unlike: 'large-page-offset-12-bits' },
  'canonical-check-first': { shows: failing({ va: '0x800000000000' }, 'skipsCanonicalCheck'), unlike: 'canonical-range' },
  'canonical-range': { shows: failing({}, () => ({ kind: 'walk', steps: [], result: { ok: false, fault: 'non-canonical' }, adWrites: [] })), unlike: 'canonical-check-first' },
  'reserved-bits-top-down': {
    shows: failing({ pde: '0x8000000004027' }, (walk) => ({ ...reference(probe({ pte: '0x8000000005067' })), steps: [...walk.steps, { level: 1, index: 359, entryAddress: '0x4b38', entry: '0x5067' }] })),
    unlike: 'bits-above-maxphyaddr',
  },
  'rights-before-reserved-bits': { shows: failing({ pte: '0x8000000005065', access: { kind: 'write' } }, 'rightsBeforeReserved'), unlike: 'bit-63-is-nx-without-nxe' },
  'bit-63-is-nx-without-nxe': { shows: failing({ pte: '0x8000000000005067', control: { nxe: false } }, 'noExecuteWithoutNxe'), unlike: 'rights-before-reserved-bits' },
  'ps-at-the-top-level': { shows: failing({ pml4e: '0xa7' }, 'psAtPml4IsLeaf'), unlike: 'large-leaf-low-address-bits' },
  'large-leaf-low-address-bits': { shows: failing({ pde: '0x400020a7' }, 'ignoresReservedBits'), unlike: 'ps-at-the-top-level' },
  'bits-above-maxphyaddr': { shows: failing({ pde: '0x8000000004027' }, 'ignoresReservedBits'), unlike: 'bit-63-is-nx-without-nxe' },
  'reserved-bit-invented': { shows: failing({}, asIf({ pte: '0x8000000005067' })), unlike: 'bits-above-maxphyaddr' },
  'rights-checked-per-level': { shows: failing({ pde: '0x4023' }, 'checksRightsAtEachLevel'), unlike: 'us-at-leaf-only' },
  'us-at-leaf-only': { shows: failing({ pde: '0x4023' }, 'rightsFromLeafOnly'), unlike: 'user-access-to-supervisor-page' },
  'rw-at-leaf-only': { shows: failing({ pde: '0x4025', access: { kind: 'write' } }, 'rightsFromLeafOnly'), unlike: 'write-ignores-rw' },
  'nx-at-leaf-only': { shows: failing({ pde: '0x8000000000004027', access: { kind: 'fetch' } }, 'rightsFromLeafOnly'), unlike: 'nx-ignored' },
  'rights-of-the-leaf-alone': { shows: failing({ pde: '0x4025' }, 'rightsFromLeafOnly'), unlike: 'rw-at-leaf-only' },
  'reported-rights-not-exact': { shows: failing({ pte: '0x5065' }, 'reportsAllRights'), unlike: 'frame-plus-offset' },
  'user-access-to-supervisor-page': { shows: failing({ pte: '0x5063' }, 'ignoresUser'), unlike: 'us-at-leaf-only' },
  'wp-clear-supervisor-write': { shows: failing({ pte: '0x5065', access: { kind: 'write', user: false }, control: { wp: false } }, 'forgetsWriteProtectOff'), unlike: 'wp-set-supervisor-write' },
  'wp-set-supervisor-write': { shows: failing({ pte: '0x5065', access: { kind: 'write', user: false } }, 'forgetsWriteProtectOn'), unlike: 'write-ignores-rw' },
  'write-ignores-rw': { shows: failing({ pte: '0x5065', access: { kind: 'write' } }, asIf({ access: { kind: 'write' } })), unlike: 'wp-set-supervisor-write' },
  'nx-ignored': { shows: failing({ pte: '0x8000000000005067', access: { kind: 'fetch' } }, 'ignoresNoExecute'), unlike: 'nx-at-leaf-only' },
  'user-page-from-the-leaf-alone': {
    shows: failing({ pde: '0x4023', access: { kind: 'fetch', user: false }, control: { smep: true } }, 'supervisorProtectionsFromLeafOnly'),
    unlike: 'smep-refuses-user-fetches',
  },
  'smep-refuses-user-fetches': { shows: failing({ access: { kind: 'fetch' }, control: { smep: true } }, 'smepRefusesUserFetches'), unlike: 'smep-ignored' },
  'smap-refuses-fetches': { shows: failing({ access: { kind: 'fetch', user: false }, control: { smap: true } }, 'smapRefusesFetches'), unlike: 'smep-refuses-user-fetches' },
  'smep-ignored': { shows: failing({ access: { kind: 'fetch', user: false }, control: { smep: true } }, 'ignoresSmep'), unlike: 'smap-refuses-fetches' },
  'smap-ac-lifts-explicit-accesses': { shows: failing({ access: { user: false, ac: true }, control: { smap: true } }, 'smapIgnoresAc'), unlike: 'smap-implicit-accesses' },
  'smap-implicit-accesses': { shows: failing({ access: { user: false, ac: true, implicit: true }, control: { smap: true } }, 'smapAcLiftsImplicit'), unlike: 'smap-ac-lifts-explicit-accesses' },
  'smap-ignored': { shows: failing({ access: { user: false }, control: { smap: true } }, asIf({ access: { user: false } })), unlike: 'smep-ignored' },
  'keys-check-fetches': { shows: failing({ pte: KEY_5, access: { kind: 'fetch' }, control: { pke: true, pkru: 0x400 } }, 'protectionKeysCheckFetches'), unlike: 'keys-without-pke' },
  'keys-without-pke': { shows: failing({ pte: KEY_5, control: { pkru: 0x400 } }, 'protectionKeysWithoutPke'), unlike: 'keys-check-fetches' },
  'keys-on-supervisor-pages': { shows: failing({ pte: '0x2800000000005063', access: { user: false }, control: { pke: true, pkru: 0x400 } }, 'protectionKeysOnSupervisorPages'), unlike: 'keys-for-user-accesses-only' },
  'write-disable-ignores-wp': {
    shows: failing({ pte: KEY_5, access: { kind: 'write', user: false }, control: { pke: true, pkru: 0x800, wp: false } }, 'writeDisableIgnoresWp'),
    unlike: 'wp-clear-supervisor-write',
  },
  'keys-for-user-accesses-only': { shows: failing({ pte: KEY_5, access: { user: false }, control: { pke: true, pkru: 0x400 } }, 'protectionKeysUserAccessesOnly'), unlike: 'keys-on-supervisor-pages' },
  'pkru-ad-wd-swapped': { shows: failing({ pte: KEY_5, control: { pke: true, pkru: 0x800 } }, 'pkruAdWdSwapped'), unlike: 'protection-key-bits' },
  // AD and WD of key 5: a swapped reading refuses the read too, a key taken from bits 63..60 (key 2) does not.
  'protection-key-bits': { shows: failing({ pte: KEY_5, control: { pke: true, pkru: 0xc00 } }, 'protectionKeyOffByOne'), unlike: 'pkru-ad-wd-swapped' },
  // AD and WD of keys 5, 2 and 10 (bits 61..58): whichever bits the key is read from, PKRU refuses the read.
  'protection-keys-ignored': { shows: failing({ pte: KEY_5, control: { pke: true, pkru: 0x300c30 } }, asIf({ pte: KEY_5 })), unlike: 'keys-without-pke' },
  'present-bit-first': { shows: failing({ pte: '0x5066' }, asIf({})), unlike: 'failed-read-taken-for-an-entry' },
  'dirty-on-read': { shows: failing(NO_A, 'dirtyOnEveryAccess'), unlike: 'no-dirty-on-write' },
  'dirty-above-the-leaf': {
    shows: failing(NO_A, (walk) => ({ ...walk, adWrites: walk.adWrites.map((write) => (write.level === 4 ? { ...write, bits: '0x60' } : write)) })),
    unlike: 'dirty-on-read',
  },
  'leaf-accessed-on-refused-access': { shows: failing({ ...NO_A, pte: '0x5005', access: { kind: 'write' } }, 'leafAccessedOnProtectionFault'), unlike: 'table-accessed-only-on-success' },
  'table-accessed-only-on-success': { shows: failing({ ...NO_A, pte: '0x5005', access: { kind: 'write' } }, 'tableAccessedOnlyOnSuccess'), unlike: 'leaf-accessed-on-refused-access' },
  'rewrites-set-bits': { shows: failing({}, 'rewritesSetBits'), unlike: 'dirty-on-read' },
  'no-dirty-on-write': { shows: failing({ ...NO_A, access: { kind: 'write' } }, asIf(NO_A)), unlike: 'dirty-on-read' },
  'table-accessed-missing': { shows: failing(NO_A, (walk) => ({ ...walk, adWrites: walk.adWrites.slice(1) })), unlike: 'leaf-accessed-missing' },
  'ad-writes-out-of-order': { shows: failing(NO_A, (walk) => ({ ...walk, adWrites: [...walk.adWrites].reverse() })), unlike: 'table-accessed-missing' },
  'leaf-accessed-missing': { shows: failing(NO_A, (walk) => ({ ...walk, adWrites: walk.adWrites.slice(0, -1) })), unlike: 'table-accessed-missing' },
};

describe('each misconception on hand-made cases', () => {
  it('has a case', () => {
    expect(MISCONCEPTIONS.map((misconception) => misconception.id).filter((id) => CASES[id] === undefined)).toEqual([]);
  });

  it.each(MISCONCEPTIONS.map((misconception) => [misconception.id, misconception] as const))('%s: diagnoses its case, and not a different mistake', (id, misconception) => {
    const { shows, unlike } = CASES[id];
    expect(diagnoseCase(MISCONCEPTIONS, RULES, shows)?.misconception?.id).toBe(id);
    expect({ unlike, recognised: misconception.recognise(CASES[unlike].shows) }).toEqual({ unlike, recognised: false });
  });

  it('recognises nothing in a case that is not a walk', () => {
    const machine = { ...CASES['dirty-on-read'].shows, probe: { kind: 'machine', scenario: { events: [] } }, got: { kind: 'error', message: 'boom' } } as unknown as FailedCase;
    expect(MISCONCEPTIONS.filter((misconception) => misconception.recognise(machine)).map((misconception) => misconception.id)).toEqual([]);
  });
});
