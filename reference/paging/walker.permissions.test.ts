import { gva, hex } from '../addresses';
import { PFERR_ID, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from './constants';
import { pageFaultErrorCode } from './page-fault';
import { Access, AccessKind } from './rights';
import {
  FRAME_2M,
  FRAME_4K,
  OFFSET_2M_MASK,
  OPEN,
  PD_BASE,
  PDPT_BASE,
  PML4_BASE,
  PT_BASE,
  PageTableFixture,
  PathAddresses,
  pte,
} from './test-support/page-table-fixture';
import { EntryReader } from './walk-tables';
import { referenceWalker } from './reference-walker';

/**
 * The permission matrix, in the spirit of kvm-unit-tests `x86/access.c`: every
 * combination of PDE and PTE flags, a reserved bit in either entry, every
 * access type, CR0.WP and EFER.NXE. The expected outcome of each case is worked
 * out below from the rules of DOMAIN.md and the SDM (4.6 access rights, 4.7 #PF
 * error code, 4.8 accessed and dirty flags), not from the walker.
 *
 * Model choices the expectations follow (DOMAIN.md, walk-tables.ts):
 * - A is reported for every table entry the walk went through, even when a
 *   lower level then faults; the leaf's A (and D on a write) only when the
 *   access succeeds; D never in a table entry.
 * - A protection fault is reported at the leaf level (rights are checked once,
 *   on the AND over the whole path).
 */

const VA = 0x0000_7f12_3456_7abcn;
const OFFSET_4K_MASK = 0xfffn;
/** Above the default MAXPHYADDR of 46 (bits 46..51 are reserved). */
const RESERVED_BIT = 1n << 51n;

type Flag = 'P' | 'RW' | 'US' | 'NX' | 'A' | 'D' | 'PS';
const FLAG_BITS: Record<Flag, bigint> = { P: PTE_P, RW: PTE_RW, US: PTE_US, NX: PTE_NX, A: PTE_A, D: PTE_D, PS: PTE_PS };
type Flags = ReadonlySet<Flag>;

/** Every subset of `flags`. */
function subsets(flags: readonly Flag[]): Flags[] {
  return Array.from({ length: 1 << flags.length }, (_, mask) => new Set(flags.filter((_, i) => mask & (1 << i))));
}
const bitsOf = (flags: Flags) => [...flags].reduce((bits, flag) => bits | FLAG_BITS[flag], 0n);
const describeFlags = (flags: Flags) => (flags.size === 0 ? '-' : [...flags].join(' '));

interface Control {
  readonly wp: boolean;
  readonly nxe: boolean;
}
const CONTROLS: readonly Control[] = [false, true].flatMap((wp) => [false, true].map((nxe) => ({ wp, nxe })));
const ACCESSES: readonly Access[] = [false, true].flatMap((user) =>
  (['read', 'write', 'fetch'] as AccessKind[]).map((kind) => ({ kind, user })),
);
const describeAccess = (access: Access) => `${access.user ? 'user' : 'supervisor'} ${access.kind}`;

/** What a walk comes to, in one comparable line. */
interface Outcome {
  /** `kind@level`, or `ok`. */
  readonly result: string;
  /** #PF error code of a fault; null on success. */
  readonly errorCode: number | null;
  /** Translated address; null on a fault. */
  readonly address: bigint | null;
  /** Levels of the entries read, top down. */
  readonly steps: readonly number[];
  /** `level:bits` of every A/D write, in walk order. */
  readonly adWrites: readonly string[];
}

function formatOutcome(outcome: Outcome): string {
  const errorCode = outcome.errorCode === null ? '' : ` error ${hex(outcome.errorCode)}`;
  const address = outcome.address === null ? '' : ` -> ${hex(outcome.address)}`;
  return `${outcome.result}${errorCode}${address} steps [${outcome.steps.join(',')}] ad [${outcome.adWrites.join(' ')}]`;
}

/** An A/D write as `level:A`, `level:D` or `level:A D` (anything else would show as hex). */
function adWrite(level: number | string, bits: bigint): string {
  const names = bits === PTE_A ? 'A' : bits === PTE_D ? 'D' : bits === (PTE_A | PTE_D) ? 'A D' : hex(bits);
  return `${level}:${names}`;
}

/** The architectural #PF error-code bits that describe the access itself (SDM 4.7). */
function accessErrorBits(access: Access, nxe: boolean): number {
  let bits = 0;
  if (access.kind === 'write') bits |= PFERR_W;
  if (access.user) bits |= PFERR_U;
  if (access.kind === 'fetch' && nxe) bits |= PFERR_ID; // I/D is reported only with NX enabled
  return bits;
}

/** One path entry below the PDPT, as the matrix sets it up. */
interface PathEntry {
  readonly level: 1 | 2;
  readonly flags: Flags;
  readonly reservedBit: boolean;
}

/**
 * The expected outcome of walking `VA` when the PML4E and PDPTE are plain
 * present/RW/US entries with A clear and the PDE (and the PTE, unless the PDE
 * is a 2 MiB leaf) are `path`.
 */
function expectedOutcome(path: readonly PathEntry[], access: Access, control: Control): Outcome {
  const accessBits = accessErrorBits(access, control.nxe);
  // The PML4E and PDPTE are present and well-formed, so the walk goes through
  // both and marks them accessed.
  const steps = [4, 3];
  const adWrites = [adWrite(4, PTE_A), adWrite(3, PTE_A)];
  const fault = (kind: string, level: number, errorCode: number): Outcome => ({
    result: `${kind}@${level}`,
    errorCode,
    address: null,
    steps,
    adWrites,
  });

  // Rights of the upper levels: both grant RW and US, neither sets NX.
  let userEverywhere = true;
  let writableEverywhere = true;
  let noExecuteSomewhere = false;

  for (const { level, flags, reservedBit } of path) {
    steps.push(level);
    // P=0: the rest of the entry is ignored (SDM 4.7: a not-present fault has P=0).
    if (!flags.has('P')) return fault('not-present', level, accessBits);
    // Bit 63 is reserved without EFER.NXE; reserved bits fault with P=1 and RSVD=1.
    if (reservedBit || (flags.has('NX') && !control.nxe)) return fault('reserved', level, accessBits | PFERR_P | PFERR_RSVD);

    userEverywhere &&= flags.has('US');
    writableEverywhere &&= flags.has('RW');
    noExecuteSomewhere ||= flags.has('NX');

    const isLeaf = level === 1 || flags.has('PS');
    if (!isLeaf) {
      if (!flags.has('A')) adWrites.push(adWrite(level, PTE_A));
      continue;
    }

    // SDM 4.6: user accesses need US at every level; writes need RW at every
    // level, except supervisor writes with CR0.WP=0; fetches are forbidden by
    // NX at any level once EFER.NXE=1. (Supervisor access to user pages is
    // allowed: SMEP and SMAP are not modelled.)
    const allowed =
      (!access.user || userEverywhere) &&
      (access.kind !== 'write' || writableEverywhere || (!access.user && !control.wp)) &&
      (access.kind !== 'fetch' || !(control.nxe && noExecuteSomewhere));
    if (!allowed) return fault('protection', level, accessBits | PFERR_P);

    let leafBits = flags.has('A') ? 0n : PTE_A;
    if (access.kind === 'write' && !flags.has('D')) leafBits |= PTE_D;
    if (leafBits !== 0n) adWrites.push(adWrite(level, leafBits));
    const address = level === 2 ? FRAME_2M | (VA & OFFSET_2M_MASK) : FRAME_4K | (VA & OFFSET_4K_MASK);
    return { result: 'ok', errorCode: null, address, steps, adWrites };
  }
  throw new Error('matrix path has no leaf');
}

function actualOutcome(readEntry: EntryReader, access: Access, control: Control, at: PathAddresses): Outcome {
  const result = referenceWalker.walk({ root: PML4_BASE, va: gva(VA), access, control: { ...control, levels: 4 } }, readEntry);
  const steps = result.steps.map((step) => step.level);
  // A write aimed at some other address than the path's entry at its level shows up as `level@address`.
  const entryAt: Record<number, bigint> = { 4: at.pml4e, 3: at.pdpte, 2: at.pde, 1: at.pte };
  const adWrites = result.adWrites.map((write) =>
    adWrite(write.entryAddress === entryAt[write.level] ? write.level : `${write.level}@${hex(write.entryAddress)}`, write.bits),
  );
  if (result.ok) return { result: 'ok', errorCode: null, address: result.address, steps, adWrites };
  const fault = result.fault;
  if (fault.kind === 'non-canonical' || fault.kind === 'access-failed') {
    return { result: fault.kind, errorCode: null, address: null, steps, adWrites };
  }
  return { result: `${fault.kind}@${fault.level}`, errorCode: pageFaultErrorCode(fault, access, control.nxe), address: null, steps, adWrites };
}

interface Mismatch {
  readonly case: string;
  readonly expected: string;
  readonly actual: string;
}

/** Runs every (entries × access × control) case; returns the mismatches and how many cases ran. */
function runMatrix(
  configurations: Iterable<{ name: string; write: (tables: PageTableFixture) => void; expected: (access: Access, control: Control) => Outcome }>,
  controls: readonly Control[],
): { mismatches: Mismatch[]; cases: number; tally: Map<string, number> } {
  const tables = new PageTableFixture();
  const readEntry: EntryReader = (address) => tables.memory.readEntry(address);
  const at = tables.addressesOf(VA);
  const mismatches: Mismatch[] = [];
  const tally = new Map<string, number>();
  let cases = 0;
  for (const configuration of configurations) {
    configuration.write(tables);
    for (const control of controls) {
      for (const access of ACCESSES) {
        cases++;
        const expected = configuration.expected(access, control);
        const kind = expected.result.replace(/@\d$/, '');
        tally.set(kind, (tally.get(kind) ?? 0) + 1);
        let actual: string;
        try {
          actual = formatOutcome(actualOutcome(readEntry, access, control, at));
        } catch (error) {
          actual = `threw ${String(error)}`;
        }
        if (actual !== formatOutcome(expected)) {
          mismatches.push({
            case: `${configuration.name} | ${describeAccess(access)} | WP=${+control.wp} NXE=${+control.nxe}`,
            expected: formatOutcome(expected),
            actual,
          });
        }
      }
    }
  }
  return { mismatches, cases, tally };
}

const PTE_FLAGS: readonly Flag[] = ['P', 'RW', 'US', 'NX', 'A', 'D'];
const PDE_FLAGS: readonly Flag[] = ['P', 'RW', 'US', 'NX', 'A', 'D', 'PS'];
type ReservedIn = 'none' | 'PDE' | 'PTE';

function* pdePteConfigurations() {
  const pteSubsets = subsets(PTE_FLAGS);
  for (const pdeFlags of subsets(PDE_FLAGS)) {
    const largePage = pdeFlags.has('PS');
    // Under a 2 MiB PDE the PT is never read, so the PTE and its reserved bit do not vary.
    const reservedChoices: readonly ReservedIn[] = largePage ? ['none', 'PDE'] : ['none', 'PDE', 'PTE'];
    for (const pteFlags of largePage ? [null] : pteSubsets) {
      for (const reservedIn of reservedChoices) {
        const pde: PathEntry = { level: 2, flags: pdeFlags, reservedBit: reservedIn === 'PDE' };
        const path: PathEntry[] = pteFlags === null ? [pde] : [pde, { level: 1, flags: pteFlags, reservedBit: reservedIn === 'PTE' }];
        const name =
          `PDE ${describeFlags(pdeFlags)} | PTE ${pteFlags === null ? '(not used)' : describeFlags(pteFlags)}` +
          (reservedIn === 'none' ? '' : ` | bit 51 in the ${reservedIn}`);
        yield {
          name,
          write(tables: PageTableFixture) {
            const pdeValue = pte(largePage ? FRAME_2M : PT_BASE, bitsOf(pdeFlags) | (reservedIn === 'PDE' ? RESERVED_BIT : 0n));
            // Under a large page the PTE slot holds a valid entry the walk must not reach.
            const pteValue = pteFlags === null ? pte(FRAME_4K, OPEN) : pte(FRAME_4K, bitsOf(pteFlags) | (reservedIn === 'PTE' ? RESERVED_BIT : 0n));
            tables.map(VA, { pml4e: pte(PDPT_BASE, OPEN), pdpte: pte(PD_BASE, OPEN), pde: pdeValue, pte: pteValue });
          },
          expected: (access: Access, control: Control) => expectedOutcome(path, access, control),
        };
      }
    }
  }
}

/** The number of mismatches and the first few, for a failure message that names the cases. */
const summary = (mismatches: Mismatch[]) => ({ mismatches: mismatches.length, first: mismatches.slice(0, 20) });
const NO_MISMATCH = { mismatches: 0, first: [] };

describe('permission matrix: PDE × PTE flags × reserved bit × access × CR0.WP × EFER.NXE', () => {
  it('matches the architectural outcome in every case', () => {
    const { mismatches, cases, tally } = runMatrix(pdePteConfigurations(), CONTROLS);

    // PS=0: 64 PDE × 64 PTE × 3 reserved choices; PS=1: 64 PDE × 2; each × 6 accesses × 4 controls.
    expect(cases).toBe((64 * 64 * 3 + 64 * 2) * 6 * 4);
    expect(summary(mismatches)).toEqual(NO_MISMATCH);
    // Every outcome occurs, so the matrix exercises each rule.
    for (const kind of ['ok', 'not-present', 'reserved', 'protection']) expect(tally.get(kind)).toBeGreaterThan(0);
  });
});

describe('rights combine over all four levels', () => {
  const LEVEL_NAMES = ['PTE', 'PDE', 'PDPTE', 'PML4E'] as const;
  const RIGHTS_FLAGS: readonly Flag[] = ['RW', 'US', 'NX'];

  function* fourLevelConfigurations() {
    const rightsSubsets = subsets(RIGHTS_FLAGS);
    for (const pml4e of rightsSubsets)
      for (const pdpte of rightsSubsets)
        for (const pde of rightsSubsets)
          for (const leaf of rightsSubsets) {
            const perLevel = [leaf, pde, pdpte, pml4e]; // index = level - 1
            yield {
              name: perLevel.map((flags, i) => `${LEVEL_NAMES[i]} ${describeFlags(flags)}`).reverse().join(' | '),
              write(tables: PageTableFixture) {
                // Every entry present and already accessed, so only a write's D shows up.
                const entry = (address: bigint, flags: Flags) => pte(address, PTE_P | PTE_A | bitsOf(flags));
                tables.map(VA, { pml4e: entry(PDPT_BASE, pml4e), pdpte: entry(PD_BASE, pdpte), pde: entry(PT_BASE, pde), pte: entry(FRAME_4K, leaf) });
              },
              expected(access: Access, control: Control): Outcome {
                const steps = [4, 3, 2, 1];
                const user = perLevel.every((flags) => flags.has('US'));
                const writable = perLevel.every((flags) => flags.has('RW'));
                const noExecute = perLevel.some((flags) => flags.has('NX'));
                const allowed =
                  (!access.user || user) &&
                  (access.kind !== 'write' || writable || (!access.user && !control.wp)) &&
                  (access.kind !== 'fetch' || !noExecute);
                if (!allowed) {
                  return { result: 'protection@1', errorCode: accessErrorBits(access, control.nxe) | PFERR_P, address: null, steps, adWrites: [] };
                }
                const adWrites = access.kind === 'write' ? [adWrite(1, PTE_D)] : [];
                return { result: 'ok', errorCode: null, address: FRAME_4K | (VA & OFFSET_4K_MASK), steps, adWrites };
              },
            };
          }
  }

  it('ANDs RW and US and ORs NX over PML4E, PDPTE, PDE and PTE', () => {
    const withNx = CONTROLS.filter((control) => control.nxe);
    const { mismatches, cases, tally } = runMatrix(fourLevelConfigurations(), withNx);

    expect(cases).toBe(8 ** 4 * 6 * 2);
    expect(summary(mismatches)).toEqual(NO_MISMATCH);
    for (const kind of ['ok', 'protection']) expect(tally.get(kind)).toBeGreaterThan(0);
  });

  // The same rule, spelled out at the top level: one entry is enough to deny.
  it.each([
    { name: 'PML4E without US denies a user read', pml4e: PTE_P | PTE_RW, access: { kind: 'read', user: true } as Access, errorCode: PFERR_P | PFERR_U },
    { name: 'PML4E without RW denies a user write', pml4e: PTE_P | PTE_US, access: { kind: 'write', user: true } as Access, errorCode: PFERR_P | PFERR_W | PFERR_U },
    { name: 'PML4E without RW denies a supervisor write with WP=1', pml4e: PTE_P | PTE_US, access: { kind: 'write', user: false } as Access, errorCode: PFERR_P | PFERR_W },
    { name: 'PML4E with NX denies a supervisor fetch', pml4e: OPEN | PTE_NX, access: { kind: 'fetch', user: false } as Access, errorCode: PFERR_P | PFERR_ID },
  ])('$name', ({ pml4e, access, errorCode }) => {
    const tables = new PageTableFixture();
    tables.map(VA, { pml4e: pte(PDPT_BASE, pml4e), pdpte: pte(PD_BASE, OPEN), pde: pte(PT_BASE, OPEN), pte: pte(FRAME_4K, OPEN) });

    const result = referenceWalker.walk({ root: PML4_BASE, va: gva(VA), access, control: { wp: true, nxe: true, levels: 4 } }, tables.readEntry);

    if (result.ok || result.fault.kind !== 'protection') throw new Error(`expected a protection fault, got ${JSON.stringify(result.ok || result.fault)}`);
    expect(result.fault.level).toBe(1);
    expect(pageFaultErrorCode(result.fault, access, true)).toBe(errorCode);
  });
});
