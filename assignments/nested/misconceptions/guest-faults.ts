import { Misconception } from '../../framework/misconception';
import { PFERR_ID, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W } from '../../../reference/paging/constants';
import { atOutcome, bitDiffers, exitOf, faultOf, malformedStop, nestedMisconception } from './symptoms';

const GUEST_FAULTS = 'Page faults under hardware-assisted paging: the guest handles its own, the hypervisor only nested ones';
const ERROR_CODE = '#PF error code';
const bitNumber = (mask: number) => Math.log2(mask);

function errorCodeBit(id: string, mask: number, title: string, explanation: string): Misconception {
  return nestedMisconception({ id, rule: 'guest-fault-no-exit', title, explanation, concept: GUEST_FAULTS }, (walk) => bitDiffers(walk, ERROR_CODE, bitNumber(mask)));
}

/** Faults of the guest's own tables: delivered to the guest, with the error code of its access. */
export const GUEST_FAULT_MISCONCEPTIONS: readonly Misconception[] = [
  nestedMisconception(
    {
      id: 'guest-fault-turned-into-exit',
      rule: 'guest-fault-no-exit',
      title: "A fault of the guest's own tables goes to the guest (#PF or #GP), with no VM exit",
      explanation: 'When every nested walk succeeded and the guest\'s entries refuse the access, the processor delivers the fault to the guest directly; the hypervisor is involved only when a nested walk fails.',
      concept: GUEST_FAULTS,
    },
    (walk) => faultOf(walk.expected)?.kind === 'guest-fault' && exitOf(walk.got) !== undefined && atOutcome(walk),
  ),
  nestedMisconception(
    {
      id: 'exit-turned-into-guest-fault',
      rule: 'guest-fault-no-exit',
      title: 'A failed nested walk is a VM exit to the hypervisor, not a fault of the guest',
      explanation: 'When the nested walk of a guest entry\'s gPA fails, the guest walker sees a failed read, but the guest did nothing wrong: the exit (EPT violation, misconfiguration or #NPF) goes to the hypervisor.',
      concept: GUEST_FAULTS,
    },
    // Not when the expected exit is a malformed nested entry: a walk that took it for well formed read on through it, and its guest fault is a symptom.
    (walk) => exitOf(walk.expected) !== undefined && !malformedStop(walk) && faultOf(walk.got)?.kind === 'guest-fault' && atOutcome(walk),
  ),
  nestedMisconception(
    {
      id: 'non-canonical-is-a-gp',
      rule: 'guest-fault-no-exit',
      title: 'A non-canonical address is a #GP, with no error code and no reference',
      explanation: 'The canonical check comes before any walk: the processor raises #GP, which has no page-fault error code.',
      concept: GUEST_FAULTS,
    },
    (walk) => {
      const expected = faultOf(walk.expected);
      return expected?.kind === 'guest-fault' && expected.guestFault === 'non-canonical' && atOutcome(walk, ERROR_CODE);
    },
  ),
  errorCodeBit('error-code-user-bit', PFERR_U, "The #PF error code's U bit (2) is set for a user-mode access", 'U reports the privilege of the guest\'s access, whatever the entry that refused it; a supervisor access leaves it clear.'),
  errorCodeBit('error-code-write-bit', PFERR_W, "The #PF error code's W bit (1) is set for a write", 'W reports the kind of the guest\'s access: set for a write, clear for a read or a fetch.'),
  errorCodeBit('error-code-present-bit', PFERR_P, "The #PF error code's P bit (0) is clear only for a not-present entry", 'P is set for a protection fault and for a reserved-bit fault (the entry was present), clear when the guest entry was not present.'),
  errorCodeBit('error-code-reserved-bit', PFERR_RSVD, "The #PF error code's RSVD bit (3) is set for a reserved-bit fault", 'RSVD tells the guest a present entry had a reserved bit set; it comes with P.'),
  errorCodeBit('error-code-fetch-bit', PFERR_ID, "The #PF error code's I/D bit (4) is set for a fetch when the guest's EFER.NXE is set", 'I/D reports an instruction fetch, and only when no-execute is enabled in the guest.'),
  nestedMisconception(
    {
      id: 'guest-fault-as-the-walker-gives-it',
      rule: 'guest-fault-no-exit',
      title: "The guest's fault is the one the guest walker reports, passed on as it is",
      explanation: 'The provided walker decides the guest fault\'s kind and level; the 2D walk reports it unchanged, with the #PF error code of the guest access.',
      concept: GUEST_FAULTS,
    },
    (walk) => atOutcome(walk, 'guest fault'),
  ),
];
