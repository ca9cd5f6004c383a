import { Misconception } from '../../framework/misconception';
import { NPF_FINAL_TRANSLATION, NPF_GUEST_PAGE_TABLE, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W } from '../../../reference/paging/constants';
import { RIGHT_USER } from '../../../reference/paging/rights';
import { guestTableLeafLosesDirty } from './accessed-dirty';
import { atOutcome, bitDiffers, differingBits, exitOf, expectedStopReference, gotStopReference, NestedCase, nestedEntryFacts, nestedMisconception, nptFaultOf, nptNotPresent, nptReserved, nptUser, nptWrite, sameStop } from './symptoms';

const NPT = 'AMD nested page tables: x86-64 tables walked as user accesses, faults as #NPF';
const EXIT_INFO = 'EXITINFO1';
const bitNumber = (mask: number | bigint) => Number(BigInt(mask).toString(2).length - 1);
const isNpt = (walk: NestedCase) => walk.probe.nested.format === 'npt';

/** The expected #NPF, when the student's walk does not stop with it. */
function missedNpf(walk: NestedCase) {
  const npf = nptFaultOf(walk.expected);
  return npf !== undefined && !sameStop(walk.expected, walk.got) ? npf : undefined;
}

/** Why the nested entry where the expected #NPF stopped is malformed (the reference's words). */
function missedReservedReason(walk: NestedCase): string {
  const npf = missedNpf(walk);
  const stop = expectedStopReference(walk);
  if (npf === undefined || !nptReserved(npf) || stop?.dimension !== 'nested') return '';
  return nestedEntryFacts(walk.probe, stop).reason ?? '';
}

/** AMD NPT: user accesses, guest-table writes, A/D always, AMD's reserved bits, EXITINFO1. */
export const NPT_MISCONCEPTIONS: readonly Misconception[] = [
  nestedMisconception(
    {
      id: 'npt-fault-kind',
      rule: 'npt-exit-info',
      title: 'Under NPT every fault of the nested walk is a #NPF; EPT violations and misconfigurations exist only under EPT',
      explanation: 'AMD reports a nested walk that fails (not present, reserved bit, rights) as one exit, #NPF, whose EXITINFO1 carries the #PF error code of the nested walk.',
      concept: NPT,
    },
    (walk) => isNpt(walk) && nptFaultOf(walk.expected) !== undefined && exitOf(walk.got) !== undefined && nptFaultOf(walk.got) === undefined,
  ),
  nestedMisconception(
    {
      id: 'npt-guest-table-read-is-a-user-write',
      rule: 'npt-user-accesses',
      title: 'Under NPT the read of a guest page-table entry is a user write (its nested leaf wants D; a read-only nested page refuses it)',
      explanation: 'The processor may set the guest entry\'s A/D bits, so it accesses guest page tables through NPT as user writes, even for a guest read: a read-only or supervisor-only nested page cannot hold guest tables.',
      concept: NPT,
    },
    (walk) => {
      if (!isNpt(walk)) return false;
      const npf = missedNpf(walk);
      const tableWriteRefused = npf !== undefined && npf.stage === 'guest-table' && nptWrite(npf) && !nptNotPresent(npf) && !nptReserved(npf) && !nptUserRefusal(walk);
      const writeBitLost = bitDiffers(walk, EXIT_INFO, bitNumber(PFERR_W)) && nptFaultOf(walk.expected)?.stage === 'guest-table';
      return tableWriteRefused || writeBitLost || guestTableLeafLosesDirty(walk);
    },
  ),
  nestedMisconception(
    {
      id: 'npt-accesses-are-user',
      rule: 'npt-user-accesses',
      title: 'Every NPT access is a user access, even for a guest kernel access',
      explanation: 'AMD walks the nested tables as user-mode accesses whatever the guest\'s privilege: a nested page without U/S refuses every access, and EXITINFO1 always has U (bit 2).',
      concept: NPT,
    },
    (walk) => isNpt(walk) && (bitDiffers(walk, EXIT_INFO, bitNumber(PFERR_U)) || (missedNpf(walk) !== undefined && nptUserRefusal(walk))),
  ),
  nestedMisconception(
    {
      id: 'npt-top-level-bits-7-and-8',
      rule: 'npt-reserved-bits',
      title: "AMD reserves bits 7 and 8 of a nested PML4E (and PML5E): either set is a #NPF with RSVD",
      explanation: 'Intel\'s x86 rules reserve only bit 7 (PS) at the top levels and ignore bit 8; AMD\'s nested tables must have both clear.',
      concept: NPT,
    },
    (walk) => isNpt(walk) && /bit 8|^PS at level [45]/.test(missedReservedReason(walk)),
  ),
  nestedMisconception(
    {
      id: 'npt-not-present-whatever-its-bits',
      rule: 'npt-reserved-bits',
      title: 'An NPT entry with P clear is not present whatever its other bits: no RSVD, and P clear in EXITINFO1',
      explanation: 'As in any x86-64 walk, presence comes first: an entry without P ends the walk as not present, and its reserved bits are never looked at.',
      concept: NPT,
    },
    (walk) => {
      if (!isNpt(walk)) return false;
      const expected = nptFaultOf(walk.expected);
      if (expected !== undefined && nptNotPresent(expected) && differingBits(walk).some((bit) => bit.bit === bitNumber(PFERR_RSVD) || bit.bit === bitNumber(PFERR_P))) return true;
      const stop = gotStopReference(walk);
      const got = nptFaultOf(walk.got);
      return got !== undefined && nptReserved(got) && !sameStop(walk.expected, walk.got) && stop?.dimension === 'nested' && !nestedEntryFacts(walk.probe, stop).present;
    },
  ),
  nestedMisconception(
    {
      id: 'npt-reserved-bits-missed',
      rule: 'npt-reserved-bits',
      title: 'A present NPT entry with a reserved bit set (above MAXPHYADDR, PS at the top, low bits of a large page) is a #NPF with RSVD',
      explanation: 'NPT entries follow the x86-64 rules for reserved bits, AMD\'s at the top level; such an entry stops the nested walk at its level.',
      concept: NPT,
    },
    (walk) => isNpt(walk) && missedReservedReason(walk) !== '',
  ),
  nestedMisconception(
    {
      id: 'npt-exit-info-stage-bits',
      rule: 'npt-exit-info',
      title: 'EXITINFO1 bit 32 marks a fault of the final translation, bit 33 one of a guest page-table access',
      explanation: 'Besides the nested walk\'s error code, EXITINFO1 tells the hypervisor which gPA failed: the data gPA (bit 32) or the gPA of a guest paging-structure entry (bit 33).',
      concept: NPT,
    },
    (walk) => bitDiffers(walk, EXIT_INFO, bitNumber(NPF_FINAL_TRANSLATION)) || bitDiffers(walk, EXIT_INFO, bitNumber(NPF_GUEST_PAGE_TABLE)),
  ),
  nestedMisconception(
    {
      id: 'npt-exit-info-reserved-bit',
      rule: 'npt-exit-info',
      title: 'EXITINFO1 carries RSVD (bit 3) when a nested entry has a reserved bit set',
      explanation: 'EXITINFO1 is the #PF error code the nested walk raises: a reserved-bit fault sets P and RSVD, as a page fault would.',
      concept: NPT,
    },
    (walk) => bitDiffers(walk, EXIT_INFO, bitNumber(PFERR_RSVD)),
  ),
  nestedMisconception(
    {
      id: 'npt-exit-info-error-code',
      rule: 'npt-exit-info',
      title: "A #NPF's EXITINFO1 is the nested walk's #PF error code (P, W, U, RSVD, I/D) plus bit 32 or 33",
      explanation: 'Build it as a page fault\'s error code for the nested access (always a user access; a guest-table access is a write), then add the stage bit.',
      concept: NPT,
    },
    (walk) => atOutcome(walk, EXIT_INFO),
  ),
];

/** The expected #NPF is a protection fault of a user access at a nested entry without U/S. */
function nptUserRefusal(walk: NestedCase): boolean {
  const npf = nptFaultOf(walk.expected);
  const stop = expectedStopReference(walk);
  if (npf === undefined || nptNotPresent(npf) || nptReserved(npf) || !nptUser(npf) || stop?.dimension !== 'nested') return false;
  return walk.expected.references.some((reference) => reference.row === stop.row && reference.dimension === 'nested' && (nestedEntryFacts(walk.probe, reference).rights & RIGHT_USER) === 0);
}
