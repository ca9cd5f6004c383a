import { EPT_A, EPT_D, EPT_QUAL_EXECUTABLE, EPT_QUAL_READABLE, EPT_QUAL_WRITABLE, EPT_QUAL_WRITE, PTE_A, PTE_D } from '../reference/paging/constants';
import { describeRights } from '../reference/paging/rights';
import { Difference } from './difference';
import { entryName, tableName } from './level-names';
import { parseHex } from './memory-image';
import { pairedLength } from './paired-length';
import { NestedFaultObservation, NestedWalkObservation, TwoDReferenceObservation } from './nested-walk-probe';
import { ERROR_CODE_BITS, EXIT_INFO1_BITS, NamedBit, QUALIFICATION_BITS } from './reported-bits';

/** A cell of the 2D grid (see reference/nested/nested-walker.ts): row = guest level from the top, column = nested level, then the guest entry. */
export interface TwoDCell {
  readonly row: number;
  readonly column: number;
}

/** One bit of an exit qualification, error code or EXITINFO1 that differs. */
export interface BitDifference {
  readonly bit: number;
  readonly name: string;
  readonly expected: boolean;
  readonly got: boolean;
}

/** `Difference.detail` of a nested walk: the grid cell a report marks, and the differing bits of a bit field. */
export interface NestedWalkDifferenceDetail {
  readonly cell?: TwoDCell;
  readonly bits?: readonly BitDifference[];
}

/**
 * The first divergence between two 2D walks, in the order the hardware works:
 * reference by reference (which cell of the grid, which entry, what it held),
 * then the outcome (the translation, or the fault and every field the
 * hardware reports), then the guest A/D writes, then the nested ones. A walk
 * that read the wrong nested entry in row 1 is reported there, not as a wrong
 * final address. A walk that read the same entries but stopped earlier or
 * later is reported by its outcome first: where a walk stops is a symptom,
 * the fault expected (or the translation) is the cause a student can act on.
 */
export function compareNestedWalks(expected: NestedWalkObservation, got: NestedWalkObservation): Difference | null {
  const rows = rowLabels(expected);
  const count = pairedLength(expected.references, got.references, '2D walk references');
  const common = Math.min(expected.references.length, got.references.length);
  for (let i = 0; i < common; i++) {
    const difference = compareReference(i, expected.references[i], got.references[i], rows, expected, got);
    if (difference !== null) return difference;
  }
  const last = expected.references[expected.references.length - 1];
  const outcome = compareOutcomes(expected.result, got.result, last === undefined ? undefined : cellOf(last));
  if (outcome !== null) return common === count ? outcome : withWhereEachStopped(outcome, expected, got);
  if (common < count) return compareReference(common, expected.references[common], got.references[common], rows, expected, got);
  return compareGuestAdWrites(expected, got) ?? compareNestedAdWrites(expected, got);
}

/** An outcome difference of walks of different lengths, saying how each walk ended: the fault (or translation) expected, and what came instead. */
function withWhereEachStopped(difference: Difference, expected: NestedWalkObservation, got: NestedWalkObservation): Difference {
  const ends = (walk: NestedWalkObservation) => `${walk.references.length} reference${walk.references.length === 1 ? '' : 's'} with ${describeNestedOutcome(walk.result)}`;
  return { ...difference, message: `${difference.message} The hardware's walk ends after ${ends(expected)}; yours after ${ends(got)}.` };
}

// ---------------------------------------------------------------- references

/** What each row of the expected grid translates: guest CR3's gPA, the gPA a guest entry holds, or the data gPA. */
type RowLabels = (row: number) => string | undefined;

function rowLabels(expected: NestedWalkObservation): RowLabels {
  const guestLevelByRow = new Map<number, number>();
  for (const reference of expected.references) if (reference.dimension === 'guest') guestLevelByRow.set(reference.row, reference.level);
  const { result } = expected;
  const translatesData = result.ok || (result.fault.kind !== 'guest-fault' && result.fault.stage === 'final');
  const dataRow = translatesData ? guestLevelByRow.size : undefined;
  return (row) => {
    if (row === dataRow) return 'the data gPA';
    if (row === 0) return "guest CR3's gPA";
    const above = guestLevelByRow.get(row - 1);
    return above === undefined ? undefined : `the guest ${tableName(above)}E's gPA`;
  };
}

function cellOf(reference: TwoDReferenceObservation): TwoDCell {
  return { row: reference.row, column: reference.column };
}

/** "reference 7: row 1 (the guest PML4E's gPA), column 1, nested level 3" */
function referenceWhere(i: number, reference: TwoDReferenceObservation, rows: RowLabels): string {
  if (reference.dimension === 'guest') return `reference ${i + 1}: row ${reference.row}, column ${reference.column}, the guest ${entryName(reference.level)}`;
  const label = rows(reference.row);
  return `reference ${i + 1}: row ${reference.row}${label === undefined ? '' : ` (${label})`}, column ${reference.column}, nested level ${reference.level}`;
}

function describeReference(reference: TwoDReferenceObservation): string {
  return reference.dimension === 'guest'
    ? `a read of the guest ${entryName(reference.level)} at gPA ${reference.gpa ?? '?'} (hPA ${reference.address})`
    : `a read of the nested entry at ${reference.address} (level ${reference.level})`;
}

function compareReference(
  i: number,
  expected: TwoDReferenceObservation | undefined,
  got: TwoDReferenceObservation | undefined,
  rows: RowLabels,
  expectedWalk: NestedWalkObservation,
  gotWalk: NestedWalkObservation,
): Difference | null {
  if (expected === undefined) {
    return {
      where: referenceWhere(i, got!, rows),
      step: i,
      field: 'reference',
      expected: 'no further reference',
      got: describeReference(got!),
      message: expectedWalk.result.ok
        ? `The 2D walk is complete after ${i} references (the last one reads the nested leaf of the data gPA), but yours made another.`
        : `The walk stops at the reference that faults (reference ${i}): ${describeFault(expectedWalk.result.fault)}. ${shouldHaveFaulted(expectedWalk.result.fault)} Yours went on.`,
      detail: { cell: cellOf(got!) } satisfies NestedWalkDifferenceDetail,
    };
  }
  const where = referenceWhere(i, expected, rows);
  const detail: NestedWalkDifferenceDetail = { cell: cellOf(expected) };
  const at = (field: string, expectedText: string, gotText: string, message: string): Difference => ({
    where,
    step: i,
    field,
    expected: expectedText,
    got: gotText,
    message,
    detail,
  });

  if (got === undefined) {
    const next = expected.dimension === 'nested' ? `the nested walk of ${rows(expected.row) ?? 'this row'}` : 'the read of the guest entry';
    const yours = gotWalk.result.ok ? '' : ` with ${describeFault(gotWalk.result.fault)}`;
    return at('reference', describeReference(expected), 'the walk had stopped', `Your walk stopped after ${i} references${yours}; the hardware goes on with ${next}.`);
  }
  if (got.dimension !== expected.dimension) {
    return at(
      'dimension',
      `a ${expected.dimension} entry`,
      `a ${got.dimension} entry`,
      'Each row is the nested walk of one gPA, column by column, and then (in every row but the last) the guest entry at that gPA.',
    );
  }
  if (got.row !== expected.row || got.column !== expected.column) {
    return at(
      'grid cell',
      `row ${expected.row}, column ${expected.column}`,
      `row ${got.row}, column ${got.column}`,
      'The reference is numbered with the wrong cell: rows count from 0 at the top (one per guest level, then the data gPA), columns from 0 (one per nested level, then the guest entry).',
    );
  }
  if (got.level !== expected.level) {
    return at(
      'level',
      String(expected.level),
      String(got.level),
      'A reference carries the level of the entry in its own tables: guest levels for guest entries, nested levels for nested entries (the top level first).',
    );
  }
  if (expected.dimension === 'guest' && got.gpa !== expected.gpa) {
    return at(
      'guest-physical address of the entry',
      expected.gpa ?? 'none',
      got.gpa ?? 'none',
      "The guest entry's gPA is its guest table's base (from the guest entry above, or guest CR3 at the top) plus 8 × the index taken from the virtual address.",
    );
  }
  if (got.address !== expected.address) {
    return at(
      'host-physical address',
      expected.address,
      got.address,
      expected.dimension === 'guest'
        ? "The guest entry is read at the hPA this row's nested walk produced: the nested leaf's page plus the gPA's offset within that page."
        : 'The nested walk read the wrong entry: its table comes from the entry one column to the left (the nested root in column 0), its index from the gPA this row translates.',
    );
  }
  if (got.entry !== expected.entry) {
    return at('entry value', expected.entry, got.entry, 'The entry reported is not the one in host memory at that address.');
  }
  return null;
}

// ---------------------------------------------------------------- outcome

type Outcome = NestedWalkObservation['result'];
type Failure = Extract<Outcome, { ok: false }>;
type NestedDimensionFault = Exclude<NestedFaultObservation, { kind: 'guest-fault' }>;

function compareOutcomes(expected: Outcome, got: Outcome, cell: TwoDCell | undefined): Difference | null {
  const detail: NestedWalkDifferenceDetail = cell === undefined ? {} : { cell };
  const at = (field: string, expectedText: string, gotText: string, message: string, bits?: BitDifference[]): Difference => ({
    where: 'outcome',
    field,
    expected: expectedText,
    got: gotText,
    message,
    detail: bits === undefined ? detail : { ...detail, bits },
  });

  if (expected.ok && !got.ok) return at('outcome', describeSuccess(expected), describeFault(got.fault), 'The access should have been translated.');
  if (!expected.ok && got.ok) return at('outcome', describeFault(expected.fault), describeSuccess(got), shouldHaveFaulted(expected.fault));
  if (expected.ok && got.ok) {
    if (got.gpa !== expected.gpa) return at('guest-physical address', expected.gpa, got.gpa, 'The guest walk gives the data gPA: the guest leaf\'s page plus the offset from the virtual address.');
    if (got.hpa !== expected.hpa) return at('host-physical address', expected.hpa, got.hpa, 'The data gPA goes through the nested tables too: the nested leaf\'s page plus the gPA\'s offset within it.');
    if (got.pageSize !== expected.pageSize) {
      return at('page size', expected.pageSize, got.pageSize, 'One TLB entry may cover only what both dimensions map contiguously: the smaller of the guest page and the nested page.');
    }
    if (got.rights !== expected.rights) {
      return at('rights', describeRights(expected.rights), describeRights(got.rights), 'The rights of the translation are the guest rights AND the nested rights of the data gPA.');
    }
    return null;
  }
  const expectedFault = (expected as Failure).fault;
  const gotFault = (got as Failure).fault;
  if (gotFault.kind !== expectedFault.kind) {
    return at('fault kind', describeFault(expectedFault), describeFault(gotFault), wrongKind(expectedFault, gotFault));
  }
  if (expectedFault.kind === 'guest-fault' && gotFault.kind === 'guest-fault') {
    if (gotFault.guestFault !== expectedFault.guestFault || gotFault.level !== expectedFault.level) {
      return at('guest fault', describeGuestFault(expectedFault), describeGuestFault(gotFault), "The guest's fault is the one the guest walker reports (its kind and level), passed on as it is.");
    }
    if (gotFault.errorCode !== expectedFault.errorCode) {
      return compareBits('#PF error code', expectedFault.errorCode, gotFault.errorCode, ERROR_CODE_BITS, at);
    }
    return null;
  }
  return compareNestedDimensionFaults(expectedFault as NestedDimensionFault, gotFault as NestedDimensionFault, at);
}

type At = (field: string, expectedText: string, gotText: string, message: string, bits?: BitDifference[]) => Difference;

function compareNestedDimensionFaults(expected: NestedDimensionFault, got: NestedDimensionFault, at: At): Difference | null {
  if (got.stage !== expected.stage) {
    return at(
      'stage',
      describeStage(expected.stage),
      describeStage(got.stage),
      'The nested walk that failed was translating the gPA of a guest page-table entry (stage guest-table) or the final data gPA (stage final).',
    );
  }
  if (got.gpa !== expected.gpa) return at('faulting gPA', expected.gpa, got.gpa, 'The fault reports the gPA the failing nested walk was translating.');
  if (got.guestLevel !== expected.guestLevel) {
    return at('guest level', String(expected.guestLevel ?? 'none'), String(got.guestLevel ?? 'none'), 'A fault in a guest-table access names the level of the guest entry being read; the final translation has none.');
  }
  if (got.nestedLevel !== expected.nestedLevel) {
    return at(
      'nested level',
      String(expected.nestedLevel),
      String(got.nestedLevel),
      'The nested level is where the nested walk stopped: the first entry not present or malformed, top down, or the leaf when the rights refuse the access.',
    );
  }
  if (expected.kind === 'ept-violation' && got.kind === 'ept-violation' && got.qualification !== expected.qualification) {
    return compareBits('exit qualification', expected.qualification, got.qualification, QUALIFICATION_BITS, at);
  }
  if (expected.kind === 'npt-fault' && got.kind === 'npt-fault' && got.exitInfo1 !== expected.exitInfo1) {
    return compareBits('EXITINFO1', parseHex(expected.exitInfo1), parseHex(got.exitInfo1), EXIT_INFO1_BITS, at);
  }
  return null;
}

/** How feedback names the outcome of a 2D walk: the translation, or the fault with what the hardware reports. */
export function describeNestedOutcome(result: Outcome): string {
  return result.ok ? describeSuccess(result) : describeFault(result.fault);
}

function describeSuccess(result: Extract<Outcome, { ok: true }>): string {
  return `a translation to gPA ${result.gpa}, hPA ${result.hpa}`;
}

function describeStage(stage: string): string {
  return stage === 'final' ? 'final (the data gPA)' : stage === 'guest-table' ? 'guest-table (a guest entry\'s gPA)' : stage;
}

function describeGuestFault(fault: Extract<NestedFaultObservation, { kind: 'guest-fault' }>): string {
  return fault.level === undefined ? fault.guestFault : `${fault.guestFault} at guest level ${fault.level}`;
}

function describeFault(fault: NestedFaultObservation): string {
  if (fault.kind === 'guest-fault') {
    if (fault.guestFault === 'non-canonical') return 'a #GP in the guest (non-canonical address)';
    const code = fault.errorCode === undefined ? '' : `, error code 0x${fault.errorCode.toString(16)}`;
    return `a #PF in the guest (${describeGuestFault(fault)}${code})`;
  }
  const where = `${fault.stage === 'final' ? 'final translation' : `guest level ${fault.guestLevel ?? '?'} table access`} of gPA ${fault.gpa}, nested level ${fault.nestedLevel}`;
  switch (fault.kind) {
    case 'ept-violation':
      return `an EPT violation (${where}, qualification 0x${fault.qualification.toString(16)})`;
    case 'ept-misconfig':
      return `an EPT misconfiguration (${where})`;
    case 'npt-fault':
      return `a #NPF (${where}, EXITINFO1 ${fault.exitInfo1})`;
  }
}

const QUALIFICATION_RIGHTS = [EPT_QUAL_READABLE, EPT_QUAL_WRITABLE, EPT_QUAL_EXECUTABLE];

function shouldHaveFaulted(expected: NestedFaultObservation): string {
  switch (expected.kind) {
    case 'guest-fault':
      return "The guest's own tables refuse this access: the fault goes to the guest.";
    case 'ept-violation': {
      // Bits 3-5 (the rights walked) are all clear when an entry was not present; bit 8 clear is a guest page-table access.
      const walked = QUALIFICATION_RIGHTS.some((bit) => (expected.qualification & bit) !== 0);
      if (!walked) return 'An EPT entry on the way is not present (none of R, W, X).';
      if (expected.stage === 'guest-table' && (expected.qualification & EPT_QUAL_WRITE) !== 0) {
        return "The EPT maps this guest page table without W, and the walk writes it: under EPT A/D the read of a guest entry is a write; without, setting a guest entry's A/D bits is a data write.";
      }
      return 'The rights ANDed over the EPT levels refuse the access (checked once, at the leaf).';
    }
    case 'ept-misconfig':
      return 'An EPT entry on the way is malformed: an EPT misconfiguration.';
    case 'npt-fault': {
      const exitInfo1 = BigInt(expected.exitInfo1);
      if ((exitInfo1 & 1n) === 0n) return 'A nested (NPT) entry on the way is not present.';
      if ((exitInfo1 & 8n) !== 0n) return 'A nested (NPT) entry on the way has a reserved bit set.';
      return 'A nested (NPT) entry on the way refuses the access.';
    }
  }
}

function wrongKind(expected: NestedFaultObservation, got: NestedFaultObservation): string {
  if (expected.kind === 'guest-fault') return "The guest's own tables refuse this access: the processor delivers the #PF (or #GP) to the guest, with no VM exit.";
  if (got.kind === 'guest-fault') return 'A nested walk failed: that is a VM exit to the hypervisor, not a fault of the guest\'s tables.';
  if (expected.kind === 'ept-misconfig') {
    return 'A malformed EPT entry (W without R, execute-only without support, a reserved memory type, a reserved bit, PS at the top level) is a misconfiguration, found before any rights check.';
  }
  if (expected.kind === 'ept-violation') return 'This EPT entry is well formed: a missing entry, or rights that refuse the access, is an EPT violation.';
  return 'Under NPT every fault of the nested walk is a #NPF; EPT violations and misconfigurations exist only under EPT.';
}

// ---------------------------------------------------------------- bit fields

/** "0x1aa (write, readable, executable, linear address valid, final translation)" */
function showBits(value: number | bigint | undefined, names: readonly NamedBit[]): string {
  if (value === undefined) return 'none';
  const bits = BigInt(value);
  const labels = names.flatMap((bit) => ((bits & bit.mask) !== 0n ? [bit.set] : bit.clear === undefined ? [] : [bit.clear]));
  return `0x${bits.toString(16)} (${labels.join(', ')})`;
}

/** A bit field that differs, decoded: each differing bit named in the message and listed in `detail.bits`. */
function compareBits(field: string, expected: number | bigint | undefined, got: number | bigint | undefined, names: readonly NamedBit[], at: At): Difference {
  const expectedBits = BigInt(expected ?? 0);
  const gotBits = BigInt(got ?? 0);
  const bits: BitDifference[] = [];
  for (let bit = 0; bit < 64; bit++) {
    const mask = 1n << BigInt(bit);
    if ((expectedBits & mask) === (gotBits & mask)) continue;
    const name = names.find((candidate) => candidate.mask === mask)?.meaning ?? 'not defined';
    bits.push({ bit, name, expected: (expectedBits & mask) !== 0n, got: (gotBits & mask) !== 0n });
  }
  const listed = bits.map((difference) => `bit ${difference.bit} (${difference.name}) should be ${difference.expected ? 'set' : 'clear'}`);
  const message =
    listed.length > 0
      ? `The ${field} is wrong: ${listed.join('; ')}.`
      : expected === undefined
        ? `There is no ${field} here (a #GP for a non-canonical address has none), but yours has one.`
        : `The ${field} is missing.`;
  return at(field, showBits(expected, names), showBits(got, names), message, bits);
}

// ---------------------------------------------------------------- A/D writes

/** A/D bits in either format: x86 (guest and NPT) A 5, D 6; EPT A 8, D 9. */
const AD_BITS: readonly (readonly [bigint, string])[] = [
  [PTE_A, 'A'],
  [PTE_D, 'D'],
  [EPT_A, 'A'],
  [EPT_D, 'D'],
];

/** "0x300 (A|D)": A/D bits to set, named, in either format (an x86 walk never sets bits 8 and 9, an EPT walk never 5 and 6). */
export function describeAdBits(bits: string): string {
  const value = /^0x[0-9a-f]+$/i.test(bits) ? BigInt(bits) : 0n;
  const names = AD_BITS.filter(([mask]) => (value & mask) !== 0n).map(([, name]) => name);
  return `${bits}${names.length === 0 ? '' : ` (${names.join('|')})`}`;
}

interface AdWriteView {
  readonly where: string;
  readonly text: string;
  readonly entry: string;
  readonly bits: string;
  readonly cell: TwoDCell | undefined;
}

function compareGuestAdWrites(expected: NestedWalkObservation, got: NestedWalkObservation): Difference | null {
  const view = (write: NestedWalkObservation['guestAdWrites'][number]): Omit<AdWriteView, 'where'> => {
    const read = expected.references.find((reference) => reference.dimension === 'guest' && reference.gpa === write.gpa);
    return {
      text: `${describeAdBits(write.bits)} into the guest ${entryName(write.level)} at gPA ${write.gpa} (hPA ${write.hpa})`,
      entry: `guest ${entryName(write.level)} at gPA ${write.gpa}, hPA ${write.hpa}`,
      bits: write.bits,
      cell: read === undefined ? undefined : cellOf(read),
    };
  };
  return compareAdWriteLists(
    'guest A/D write',
    expected.guestAdWrites.map(view),
    got.guestAdWrites.map(view),
    "The guest walk's A/D writes (A on each guest entry used, D on the leaf of a write) are reported in its order, each with the hPA where that guest entry was read.",
  );
}

function compareNestedAdWrites(expected: NestedWalkObservation, got: NestedWalkObservation): Difference | null {
  const view = (write: NestedWalkObservation['nestedAdWrites'][number]): Omit<AdWriteView, 'where'> => {
    const read = expected.references.find((reference) => reference.dimension === 'nested' && reference.address === write.hpa);
    return {
      text: `${describeAdBits(write.bits)} into the nested level-${write.level} entry at ${write.hpa}`,
      entry: `nested level-${write.level} entry at ${write.hpa}`,
      bits: write.bits,
      cell: read === undefined ? undefined : cellOf(read),
    };
  };
  return compareAdWriteLists(
    'nested A/D write',
    expected.nestedAdWrites.map(view),
    got.nestedAdWrites.map(view),
    'With EPT A/D enabled (always under NPT) the walk sets A in each nested entry it uses and D in the nested leaf of a written page, where guest page-table accesses count as writes; each entry is reported once, in the order first wanted, with only the bits not yet set or asked for (a bit a later row wants that no earlier row asked for, D after A, is a second write of that bit alone).',
  );
}

function compareAdWriteLists(name: string, expected: Omit<AdWriteView, 'where'>[], got: Omit<AdWriteView, 'where'>[], rule: string): Difference | null {
  const count = pairedLength(expected, got, `${name}s`);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const have = got[i];
    const where = want === undefined ? `${name} ${i + 1}` : `${name} ${i + 1}, to the ${want.entry}`;
    const cell = (want ?? have)?.cell;
    const detail: NestedWalkDifferenceDetail = cell === undefined ? {} : { cell };
    if (want === undefined) {
      return { where, field: 'A/D write', expected: 'no further write', got: have.text, message: `Your walk asks for an A/D write the hardware does not make. ${rule}`, detail };
    }
    if (have === undefined) {
      return { where, field: 'A/D write', expected: want.text, got: 'none', message: `Your walk is missing this A/D write. ${rule}`, detail };
    }
    if (have.entry !== want.entry) return { where, field: 'entry written', expected: want.entry, got: have.entry, message: `The A/D write goes to the wrong entry, or in the wrong order. ${rule}`, detail };
    if (have.bits !== want.bits) {
      return { where, field: 'bits', expected: describeAdBits(want.bits), got: describeAdBits(have.bits), message: `The A/D write sets the wrong bits. ${rule}`, detail };
    }
  }
  return null;
}
