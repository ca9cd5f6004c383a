import { Misconception } from '../../framework/misconception';
import { TwoDReferenceObservation } from '../../../observe/nested-walk-probe';
import { EPT_QUAL_GLA_FINAL, EPT_QUAL_GLA_VALID, EPT_QUAL_READ, EPT_QUAL_WRITE } from '../../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_WRITE } from '../../../reference/paging/rights';
import {
  atOutcome,
  bitDiffers,
  differingBits,
  EptViolation,
  eptViolationOf,
  expectedStopReference,
  faultOf,
  gotStopReference,
  NestedCase,
  nestedEntryFacts,
  nestedMisconception,
  neededRight,
  onlyBitsDiffer,
  refusedByRights,
  sameStop,
} from './symptoms';
import { guestTableLeafLosesDirty } from './accessed-dirty';
import { dataLeafRights, extraRights } from './walk-order';

const EPT_FAULTS = 'EPT violations and misconfigurations: the exits of the nested walk';
const QUALIFICATION = 'The EPT violation exit qualification';
const QUALIFICATION_FIELD = 'exit qualification';
const bitNumber = (mask: number) => Math.log2(mask);

/** The entry where the student's EPT walk stopped with a misconfiguration, with what the format says of it. */
function gotMisconfigEntry(walk: NestedCase) {
  const fault = faultOf(walk.got);
  const stop = gotStopReference(walk);
  if (walk.probe.nested.format !== 'ept' || fault?.kind !== 'ept-misconfig' || stop?.dimension !== 'nested' || sameStop(walk.expected, walk.got)) return undefined;
  return nestedEntryFacts(walk.probe, stop);
}

/** Why the expected walk's misconfigured entry is malformed (the reference's words), when the student's walk did not stop there with a misconfiguration. */
function missedMisconfigReason(walk: NestedCase): string | undefined {
  const fault = faultOf(walk.expected);
  const stop = expectedStopReference(walk);
  if (fault?.kind !== 'ept-misconfig' || stop?.dimension !== 'nested' || sameStop(walk.expected, walk.got)) return undefined;
  return nestedEntryFacts(walk.probe, stop).reason ?? undefined;
}

/** The expected walk ends in an EPT violation the student's walk does not reproduce. */
function missedViolation(walk: NestedCase): EptViolation | undefined {
  const violation = eptViolationOf(walk.expected);
  return violation !== undefined && !sameStop(walk.expected, walk.got) ? violation : undefined;
}

/** A guest page-table access the EPT refused as a write (qualification bit 1, bit 8 clear). */
function tableWriteRefused(violation: EptViolation | undefined): boolean {
  return violation !== undefined && violation.stage === 'guest-table' && (violation.qualification & EPT_QUAL_WRITE) !== 0;
}

function missedReason(id: string, title: string, explanation: string, reason: RegExp): Misconception {
  return nestedMisconception({ id, rule: 'ept-misconfigurations', title, explanation, concept: EPT_FAULTS }, (walk) => reason.test(missedMisconfigReason(walk) ?? ''));
}

/** EPT violations and misconfigurations: presence, well-formedness, rights at the leaf, guest-table accesses, the qualification. */
export const EPT_FAULT_MISCONCEPTIONS: readonly Misconception[] = [
  nestedMisconception(
    {
      id: 'misconfiguration-before-presence',
      rule: 'ept-not-present',
      title: 'An EPT entry with none of R, W, X is not present, whatever its other bits: presence is checked before well-formedness',
      explanation: 'At each level the processor first asks whether the entry is present (any of R, W, X); an entry that is not is an EPT violation there, and its other bits are ignored, so it cannot be a misconfiguration.',
      concept: EPT_FAULTS,
    },
    (walk) => gotMisconfigEntry(walk)?.present === false,
  ),
  nestedMisconception(
    {
      id: 'execute-only-refused',
      rule: 'ept-misconfigurations',
      title: 'Execute-only EPT entries (X without R) are allowed unless executeOnly is false; it defaults to true',
      explanation: 'X without R is a misconfiguration only on a processor without execute-only support; the configuration says which, and when it says nothing the support is there.',
      concept: EPT_FAULTS,
    },
    (walk) => {
      const facts = gotMisconfigEntry(walk);
      return facts !== undefined && facts.present && !facts.malformed && (facts.rights & (RIGHT_READ | RIGHT_WRITE)) === 0 && (facts.rights & RIGHT_EXECUTE) !== 0;
    },
  ),
  nestedMisconception(
    {
      id: 'well-formed-entry-misconfigured',
      rule: 'ept-misconfigurations',
      title: 'Only a malformed EPT entry is a misconfiguration: a present, well-formed one is walked through',
      explanation: 'The misconfigurations are W without R, unsupported execute-only, a reserved memory type in a leaf, reserved bits (7:3 of a table pointer, address bits above MAXPHYADDR or below a large page) and PS at the top level; nothing else.',
      concept: EPT_FAULTS,
    },
    (walk) => {
      const facts = gotMisconfigEntry(walk);
      return facts !== undefined && facts.present && !facts.malformed;
    },
  ),
  nestedMisconception(
    {
      id: 'ept-rights-checked-per-level',
      rule: 'ept-rights-at-leaf',
      title: 'EPT rights are checked once, at the leaf, on their AND over every level: a table entry lacking the right does not stop the walk',
      explanation: 'The processor walks every level, checking presence and well-formedness, and only at the leaf checks the access against the rights ANDed over the levels; so the violation is reported at the leaf level, with a misconfiguration below still winning.',
      concept: EPT_FAULTS,
    },
    (walk) => {
      const stop = gotStopReference(walk);
      if (walk.probe.nested.format !== 'ept' || eptViolationOf(walk.got) === undefined || stop?.dimension !== 'nested' || sameStop(walk.expected, walk.got)) return false;
      const facts = nestedEntryFacts(walk.probe, stop);
      return facts.present && !facts.malformed && !facts.leaf;
    },
  ),
  missedReason(
    'write-without-read-missed',
    'W without R in an EPT entry is a misconfiguration, not a violation or a right',
    'An entry that grants write but not read (XWR = 010 or 110) is malformed: the walk stops there with an EPT misconfiguration before any rights check.',
    /write without read/,
  ),
  missedReason(
    'execute-only-unsupported-missed',
    'X without R is a misconfiguration when execute-only is not supported (executeOnly false)',
    'Without execute-only support an entry with XWR = 100 is malformed, and the walk stops there with an EPT misconfiguration.',
    /execute-only/,
  ),
  missedReason(
    'max-physical-address-unchecked',
    'Address bits at or above MAXPHYADDR (bits 46-51 here) make an EPT entry malformed',
    'A present EPT entry whose address field has a bit at or above MAXPHYADDR is a misconfiguration at its level, leaf or table pointer.',
    /MAXPHYADDR/,
  ),
  missedReason(
    'ps-at-top-level-unchecked',
    'PS (bit 7) is reserved in an EPT PML4E or PML5E: an EPT misconfiguration at the top levels',
    'Only levels 3 and 2 may map large pages; an entry with PS at level 4 or 5 is malformed, so the walk stops there instead of following it.',
    /^PS at level/,
  ),
  missedReason(
    'memory-type-in-every-leaf',
    'Every EPT leaf, 2 MiB and 1 GiB leaves too, must hold a valid memory type (2, 3 and 7 are reserved)',
    'Bits 5:3 of any leaf are its memory type; a reserved type there is a misconfiguration, whether the leaf maps 4 KiB, 2 MiB or 1 GiB.',
    /memory type/,
  ),
  missedReason(
    'large-leaf-low-address-bits',
    "A large EPT leaf's address bits below its page size are reserved (bits 12-20 of a 2 MiB leaf, 12-29 of a 1 GiB one)",
    'A large page is aligned to its size, so those address bits must be zero; a leaf with any of them set is a misconfiguration.',
    /below the page size/,
  ),
  missedReason(
    'non-leaf-reserved-bits',
    'Bits 7:3 of an EPT entry that points to a table are reserved',
    'A table pointer has no memory type and no PS: any of bits 7:3 set in it is a misconfiguration at its level.',
    /7:3/,
  ),
  nestedMisconception(
    {
      id: 'misconfiguration-reported-as-violation',
      rule: 'ept-misconfigurations',
      title: 'A malformed EPT entry is an EPT misconfiguration, not a violation',
      explanation: 'Well-formedness is checked at each level right after presence; a present but malformed entry stops the walk with a misconfiguration, before any rights check.',
      concept: EPT_FAULTS,
    },
    (walk) => faultOf(walk.expected)?.kind === 'ept-misconfig' && atOutcome(walk, 'fault kind', 'outcome'),
  ),
  nestedMisconception(
    {
      id: 'guest-ad-update-is-a-data-write',
      rule: 'ept-guest-table-access',
      title: "With EPT A/D off, setting a guest entry's A or D is still a data write through the EPT",
      explanation: 'The guest walk wants A (and D) set in guest entries; the processor writes them, and the EPT must allow that write. A guest table page the EPT maps without W ends the walk with a violation right after that entry is read.',
      concept: EPT_FAULTS,
    },
    (walk) => walk.probe.nested.format === 'ept' && !walk.probe.nested.accessedDirty && tableWriteRefused(missedViolation(walk)),
  ),
  nestedMisconception(
    {
      id: 'ept-rights-from-leaf-only',
      rule: 'ept-rights-at-leaf',
      title: 'EPT rights are the AND of R, W and X over every level, not the leaf\'s alone',
      explanation: 'An upper EPT entry without W (or R, or X) takes that right away from everything below it, even if the leaf grants it; the leaf check uses the AND over the levels walked.',
      concept: EPT_FAULTS,
    },
    (walk) => walk.probe.nested.format === 'ept' && (leafAlonePermits(walk) || leafRightsGranted(walk) || qualificationRightsTooMany(walk)),
  ),
  nestedMisconception(
    {
      id: 'ept-not-present-missed',
      rule: 'ept-not-present',
      title: 'An EPT entry with none of R, W, X stops the walk at its level with an EPT violation',
      explanation: 'Presence is the first check at every level: a not-present entry ends the nested walk there, reported as a violation with rights bits 3-5 clear.',
      concept: EPT_FAULTS,
    },
    (walk) => {
      const violation = missedViolation(walk);
      return violation !== undefined && !refusedByRights(violation);
    },
  ),
  nestedMisconception(
    {
      id: 'guest-table-read-is-a-write-under-ept-ad',
      rule: 'ept-guest-table-access',
      title: 'Under EPT A/D the read of a guest page-table entry is a write for the EPT (its nested leaf wants D, a page without W refuses it)',
      explanation: 'With EPTP bit 6 set the processor may set the guest entry\'s A/D bits, so it accesses guest page tables as writes: qualification bits 0 and 1 on a violation, and D in the EPT leaf of every guest table page it reads.',
      concept: EPT_FAULTS,
    },
    (walk) => walk.probe.nested.format === 'ept' && walk.probe.nested.accessedDirty && (tableWriteRefused(missedViolation(walk)) || tableWriteBitMissing(walk) || guestTableLeafLosesDirty(walk)),
  ),
  nestedMisconception(
    {
      id: 'guest-table-read-is-a-read-without-ept-ad',
      rule: 'ept-guest-table-access',
      title: 'Without EPT A/D, reading a guest entry is a read through the EPT: only an A/D update writes it',
      explanation: 'A read-only EPT page can hold guest tables when EPT A/D is off and their A/D bits are already set; the walk then reads them without any write.',
      concept: EPT_FAULTS,
    },
    (walk) => {
      if (walk.probe.nested.format !== 'ept' || walk.probe.nested.accessedDirty) return false;
      const got = eptViolationOf(walk.got);
      const expected = eptViolationOf(walk.expected);
      const inventedWrite = tableWriteRefused(got) && !sameStop(walk.expected, walk.got);
      // The same violation, reported as a write where the hardware read.
      const readReportedAsWrite = expected?.stage === 'guest-table' && (expected.qualification & EPT_QUAL_WRITE) === 0 && differingBits(walk).some((bit) => bit.bit === bitNumber(EPT_QUAL_WRITE) && bit.got);
      return inventedWrite || (atOutcome(walk, QUALIFICATION_FIELD) && readReportedAsWrite);
    },
  ),
  nestedMisconception(
    {
      id: 'qualification-linear-address-valid',
      rule: 'ept-qualification',
      title: 'Qualification bit 7 (guest linear address valid) is set for every violation here',
      explanation: 'Every access of this walk comes from a guest virtual address, so the processor reports a valid linear address: bit 7 is always set.',
      concept: QUALIFICATION,
    },
    (walk) => bitDiffers(walk, QUALIFICATION_FIELD, bitNumber(EPT_QUAL_GLA_VALID)),
  ),
  nestedMisconception(
    {
      id: 'qualification-final-bit',
      rule: 'ept-qualification',
      title: 'Qualification bit 8 is set for the final translation and clear for a guest page-table access',
      explanation: 'Bit 8 tells the hypervisor whether the failing nested walk translated the data gPA (set) or the gPA of a guest paging-structure entry (clear).',
      concept: QUALIFICATION,
    },
    (walk) => bitDiffers(walk, QUALIFICATION_FIELD, bitNumber(EPT_QUAL_GLA_FINAL)),
  ),
  nestedMisconception(
    {
      id: 'qualification-rights-walked',
      rule: 'ept-qualification',
      title: 'Qualification bits 3-5 are the R, W and X rights ANDed over the EPT levels walked (all clear when an entry was not present)',
      explanation: 'Bits 3, 4 and 5 report whether the gPA was readable, writable and executable: the AND over every level walked, so the hypervisor sees what the page allowed.',
      concept: QUALIFICATION,
    },
    (walk) => onlyBitsDiffer(walk, QUALIFICATION_FIELD, [3, 4, 5]) || (atOutcome(walk, QUALIFICATION_FIELD) && differingBits(walk).some((bit) => bit.bit >= 3 && bit.bit <= 5)),
  ),
  nestedMisconception(
    {
      id: 'qualification-table-write-read-bit',
      rule: 'ept-qualification',
      title: 'A guest page-table write (under EPT A/D, or an A/D update) sets qualification bits 0 and 1 both',
      explanation: 'Writing a guest entry is a read-modify-write: the SDM sets bit 1 and this model bit 0 as well, so a refused guest-table write reports read and write.',
      concept: QUALIFICATION,
    },
    (walk) => {
      const expected = eptViolationOf(walk.expected);
      return expected !== undefined && expected.stage === 'guest-table' && onlyBitsDiffer(walk, QUALIFICATION_FIELD, [bitNumber(EPT_QUAL_READ)]) && (expected.qualification & EPT_QUAL_WRITE) !== 0;
    },
  ),
  nestedMisconception(
    {
      id: 'qualification-access-bits',
      rule: 'ept-qualification',
      title: 'Qualification bits 0-2 say what the access was: a read, a write or an instruction fetch',
      explanation: 'For the final translation they are the guest\'s own access; for a guest page-table access a read, or a write (bits 0 and 1) when the walk writes the guest entry.',
      concept: QUALIFICATION,
    },
    (walk) => atOutcome(walk, QUALIFICATION_FIELD) && differingBits(walk).some((bit) => bit.bit <= 2),
  ),
];

/** The expected walk's violation refused the access at a leaf whose own rights allow it: a walk that read only the leaf's rights went on. */
function leafAlonePermits(walk: NestedCase): boolean {
  const violation = missedViolation(walk);
  const leaf = nestedLeafOfStop(walk);
  if (violation === undefined || !refusedByRights(violation) || leaf === undefined) return false;
  return (nestedEntryFacts(walk.probe, leaf).rights & neededRight(violation.qualification)) !== 0;
}

/** The nested leaf whose rights the expected violation refused: its last reference, or the one before a guest entry whose A/D update was refused. */
function nestedLeafOfStop(walk: NestedCase): TwoDReferenceObservation | undefined {
  const references = walk.expected.references;
  const stop = references[references.length - 1];
  const leaf = stop?.dimension === 'guest' ? references[references.length - 2] : stop;
  return leaf?.dimension === 'nested' ? leaf : undefined;
}

/** A translation granting rights the data leaf grants but a nested level above it refuses. */
function leafRightsGranted(walk: NestedCase): boolean {
  const extra = extraRights(walk);
  return atOutcome(walk, 'rights') && extra !== 0 && (extra & ~dataLeafRights(walk)) === 0;
}

/** Qualification bits 3-5 claiming rights the expected AND over the levels does not have. */
function qualificationRightsTooMany(walk: NestedCase): boolean {
  const bits = differingBits(walk).filter((bit) => bit.bit >= 3 && bit.bit <= 5);
  return atOutcome(walk, QUALIFICATION_FIELD) && bits.length > 0 && bits.every((bit) => bit.got && !bit.expected) && bits.length === differingBits(walk).length;
}

/** A guest page-table access reported as a read where the hardware writes: qualification bit 1 missing at stage guest-table. */
function tableWriteBitMissing(walk: NestedCase): boolean {
  const expected = eptViolationOf(walk.expected);
  return expected?.stage === 'guest-table' && onlyBitsDiffer(walk, QUALIFICATION_FIELD, [bitNumber(EPT_QUAL_WRITE)]) && (expected.qualification & EPT_QUAL_WRITE) !== 0;
}
