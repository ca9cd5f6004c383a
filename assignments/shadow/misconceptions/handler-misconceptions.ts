import { Misconception } from '../../framework/misconception';
import { PFERR_ID, PFERR_P, PFERR_RSVD, PFERR_U, PFERR_W, PTE_A, PTE_D } from '../../../reference/paging/constants';
import { CONCEPT, misconception } from './concepts';
import { frameNumber } from '../../../reference/addresses';
import { injectionsMissing } from '../../../observe/machine/machine-event-difference';
import { brokeRule, earlierGotStates, entryValues, errorCodeDifference, expectedState, gotState, isAccess, isRootLevel, MachineSymptom, referenceInjected, stoppedWith, wasProtectedBefore } from './symptoms';

/**
 * The hidden-fault handler's misconceptions: which faults go to the guest and
 * with what error code, the guest's A/D bits, and what a shadow leaf may say.
 * Most specific first.
 */

const handler = (fields: Parameters<typeof misconception>[1]) => misconception('hiddenFaultHandler', fields);

const INJECTION_FIELD = /page fault (delivered to the guest|handled)/;

/** The first error-code bit (low first) the two injections disagree on. */
function firstCodeBit(symptom: MachineSymptom): number | undefined {
  const bits = errorCodeDifference(symptom);
  if (bits === undefined || bits === 0) return undefined;
  return bits & -bits;
}

const errorCodeBit = (id: string, bit: number, title: string, explanation: string): Misconception =>
  handler({ id, rule: 'true-faults', title, explanation, concept: CONCEPT.trueFaults, recognise: (symptom) => INJECTION_FIELD.test(symptom.field) && firstCodeBit(symptom) === bit });

/** A guest entry whose A/D bits alone differ: which bits, which way. */
export function adDifference(symptom: MachineSymptom): { readonly missing: bigint; readonly extra: bigint } | undefined {
  if (symptom.field !== "guest's entry" || !/accessed\/dirty bits differ/.test(symptom.message)) return undefined;
  const values = entryValues(symptom);
  if (values === undefined) return undefined;
  return { missing: values.expected & ~values.got & (PTE_A | PTE_D), extra: values.got & ~values.expected & (PTE_A | PTE_D) };
}

/** Does any guest entry in the student's state at the difference have A set? */
function someGuestEntryAccessed(symptom: MachineSymptom, leafOnly: boolean): boolean {
  const state = gotState(symptom, symptom.record.event);
  if (state === undefined) return false;
  for (const table of state.guestTables.values()) {
    if (leafOnly && table.level !== 1) continue;
    for (const entry of table.entries.values()) if ((entry & PTE_A) !== 0n) return true;
  }
  return false;
}

const NO_PROGRESS_AFTER_FIXED = /still faults after \d+ hidden faults/;

export const HANDLER_MISCONCEPTIONS: readonly Misconception[] = [
  handler({
    id: 'leaf-at-table-level',
    rule: 'shadow-derives-from-guest',
    title: 'A shadow leaf goes in the level-1 shadow table, at the same depth as the guest PTE',
    explanation:
      "The shadow tables have the guest's shape: where the guest entry points to a table, the shadow entry must point (link) to that table's shadow, and only the level-1 entry maps the 4 KiB page. Filling a leaf at a higher level maps a page where the guest maps a table.",
    concept: CONCEPT.hiddenFaults,
    recognise: (symptom) => stoppedWith(symptom, /setLeaf on a level-\d|link on a level-1|link to put a level-/),
  }),
  handler({
    id: 'fixed-instead-of-injected',
    rule: 'true-faults',
    title: "A fault the guest's own tables call for must be injected into the guest, not answered 'fixed'",
    explanation:
      "When the software walk of the guest's tables fails (not present, or not allowed), the guest itself would fault on real hardware: inject #PF with the guest's error code and CR2 so its kernel can demand-page or kill the process. No shadow entry can fix such an access.",
    concept: CONCEPT.trueFaults,
    recognise: (symptom) =>
      (stoppedWith(symptom, NO_PROGRESS_AFTER_FIXED) && injectionsMissing(symptom.record, symptom.gotRecord)) ||
      (INJECTION_FIELD.test(symptom.field) && symptom.expectedFault?.result === 'inject' && symptom.gotFault?.result !== 'inject'),
  }),
  handler({
    id: 'injected-for-allowed-access',
    rule: 'true-faults',
    title: "Inject #PF only when the guest's own walk refuses the access: A = 0 does not make an entry not present",
    explanation:
      "A fault the guest's tables allow is a hidden fault: fill the shadow path and retry, the guest never sees it. The guest's A and D bits are set by the hypervisor; a clear A bit means the page was not used yet, not that it is unmapped.",
    concept: CONCEPT.trueFaults,
    recognise: (symptom) => INJECTION_FIELD.test(symptom.field) && symptom.gotFault?.result === 'inject' && symptom.expectedFault?.result !== 'inject',
  }),
  errorCodeBit('error-code-p-bit', PFERR_P, "The #PF error code's P bit tells a protection fault (P = 1) from a not-present one (P = 0)", 'The guest kernel reads P to decide between demand paging and a protection violation: P is 1 whenever the walk found every entry present but the rights refused the access.'),
  errorCodeBit('error-code-w-bit', PFERR_W, "The #PF error code's W bit must say the access was a write", 'W (bit 1) is set for a write and clear for a read or a fetch, whatever the fault kind: the guest kernel needs it for copy-on-write.'),
  errorCodeBit('error-code-u-bit', PFERR_U, "The #PF error code's U bit must say the access came from user mode", 'U (bit 2) is set for every user-mode access, also on a not-present fault: the guest kernel reads it to know whether the faulting code was a user process.'),
  errorCodeBit('error-code-rsvd-bit', PFERR_RSVD, "The #PF error code's RSVD bit must report a reserved bit set in a guest entry", 'RSVD (bit 3) is set, with P, when the walk met a reserved bit in a present guest entry.'),
  errorCodeBit('error-code-id-bit', PFERR_ID, "The #PF error code's I/D bit must say the access was an instruction fetch", 'I/D (bit 4) is set for a fetch when the guest runs with NX enabled (EFER.NXE), whether the page was not present or NX.'),
  handler({
    id: 'cr2-not-faulting-address',
    rule: 'true-faults',
    title: 'CR2 holds the exact faulting address, not its page',
    explanation: 'The hardware loads CR2 with the full linear address the access used, offset within the page included; the injected fault must give the guest the same.',
    concept: CONCEPT.trueFaults,
    recognise: (symptom) => INJECTION_FIELD.test(symptom.field) && errorCodeDifference(symptom) === 0 && symptom.expectedFault?.cr2 !== symptom.gotFault?.cr2,
  }),
  handler({
    id: 'dirty-on-read',
    rule: 'accessed-dirty',
    title: 'D is set by writes only: a read or fetch sets A, never D',
    explanation: "The hardware sets the dirty bit in the leaf only when a write goes through it; setting D on a read makes the guest kernel write back pages that never changed.",
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => (adDifference(symptom)?.extra ?? 0n) & PTE_D ? symptom.record.op !== 'clear-ad' : false,
  }),
  handler({
    id: 'no-accessed-dirty-at-all',
    rule: 'accessed-dirty',
    title: "The hypervisor must set A and D in the guest's entries itself: the shadow walk sets them in the shadow, not in the guest",
    explanation:
      "Under shadow paging the hardware walks the shadow tables, so it never touches the guest's entries: the hidden-fault handler must set A in every guest entry the walk uses and D in the leaf on a write, as the hardware would natively.",
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => ((adDifference(symptom)?.missing ?? 0n) & PTE_A) !== 0n && !someGuestEntryAccessed(symptom, false),
  }),
  handler({
    id: 'accessed-only-on-success',
    rule: 'accessed-dirty',
    title: 'A is set in the entries a walk used even when the walk ends in a fault',
    explanation: 'The hardware sets A in every present entry it reads before it finds the fault, so a walk that ends in a true guest fault still leaves A set in the upper entries it used.',
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => ((adDifference(symptom)?.missing ?? 0n) & PTE_A) !== 0n && referenceInjected(symptom.record),
  }),
  handler({
    id: 'accessed-on-leaf-only',
    rule: 'accessed-dirty',
    title: 'A is set in every entry the walk uses, at every level, not only in the leaf',
    explanation: 'The hardware sets the accessed bit in each paging-structure entry it reads on the way down (PML4E, PDPTE, PDE and PTE), so the upper entries get A too.',
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => ((adDifference(symptom)?.missing ?? 0n) & PTE_A) !== 0n && symptom.level !== undefined && symptom.level > 1 && someGuestEntryAccessed(symptom, true),
  }),
  handler({
    id: 'dirty-not-set-on-write',
    rule: 'accessed-dirty',
    title: 'The first write to a page sets D in the guest PTE (a write to a clean page must fault to the hypervisor)',
    explanation:
      "The shadow leaf of a clean page is read-only, so the first write takes a hidden fault: that is where the hypervisor sets D in the guest's PTE and makes the shadow leaf writable. Without D the guest never learns the page changed, and a write to a read-only leaf never goes through.",
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) =>
      ((adDifference(symptom)?.missing ?? 0n) & PTE_D) !== 0n || (symptom.record.op === 'write' && stoppedWith(symptom, NO_PROGRESS_AFTER_FIXED) && !protectedTargetFrame(symptom)),
  }),
  handler({
    id: 'large-piece-writable-before-dirty',
    rule: 'writable-only-when-dirty',
    title: "Pieces of a clean guest large page are read-only in the shadow until the large page is dirty",
    explanation: "A guest large page has one D bit for all its 4 KiB pieces: until it is set, every piece's shadow leaf stays read-only, so the first write to any piece faults and the hypervisor sets D in the large leaf.",
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => brokeRule(symptom, /writable while the guest's large page is clean/) && isAccess(symptom.record),
  }),
  handler({
    id: 'writable-before-dirty',
    rule: 'writable-only-when-dirty',
    title: 'A shadow leaf is writable only once the guest PTE is dirty: map a clean page read-only',
    explanation: "If the shadow leaf of a clean page is writable, the first write goes through without a fault and nobody sets D in the guest's PTE. Map it read-only until the first write faults and sets D.",
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => brokeRule(symptom, /writable while the guest PTE is clean/) && isAccess(symptom.record),
  }),
  handler({
    id: 'leaf-executable-despite-nx',
    rule: 'never-more-permissive',
    title: "The shadow leaf keeps the guest's NX bit: a page the guest marks no-execute stays no-execute",
    explanation: 'A shadow entry may allow less than the guest entry, never more: copy NX (bit 63) with the other rights, or the guest can execute data it marked non-executable.',
    concept: CONCEPT.hiddenFaults,
    recognise: (symptom) => brokeRule(symptom, /executable while the guest entry is NX/) || (symptom.record.op === 'exec' && symptom.field === 'what the guest saw' && /fault/.test(symptom.expectedText)),
  }),
  handler({
    id: 'writable-despite-read-only',
    rule: 'never-more-permissive',
    title: "A shadow leaf is writable only if the guest's PTE is writable (RW), dirty or not",
    explanation: "Dirty says the page was written, not that it may be: a page the guest maps read-only (RW = 0) must stay read-only in the shadow, so a write to it faults into the guest.",
    concept: CONCEPT.hiddenFaults,
    recognise: (symptom) => (brokeRule(symptom, /writable while the guest entry is read-only/) && isAccess(symptom.record)) || (symptom.record.op === 'write' && symptom.field === 'what the guest saw' && /protection fault/.test(symptom.expectedText)),
  }),
  handler({
    id: 'path-does-not-allow-access',
    rule: 'shadow-derives-from-guest',
    title: "The shadow path must let the access through: at each level the address's own index, with the guest entry's US bit",
    explanation:
      "The hardware walks the shadow with the address's 9 index bits for each level and needs US at every level for a user access: a path linked at another index, or entries without the guest's US bit, make the access fault again however often the hidden fault is 'fixed'.",
    concept: CONCEPT.hiddenFaults,
    recognise: (symptom) => symptom.record.op !== 'write' && stoppedWith(symptom, NO_PROGRESS_AFTER_FIXED),
  }),
  handler({
    id: 'path-at-wrong-index',
    rule: 'shadow-derives-from-guest',
    title: 'Each shadow entry sits at the same index as the guest entry it derives from: the index at that level',
    explanation: "The shadow is indexed exactly as the guest's tables are; a shadow table linked from the wrong index is one no walk reaches, and the path the hardware walks stays empty.",
    concept: CONCEPT.hiddenFaults,
    recognise: (symptom) => brokeRule(symptom, /is a non-root shadow page that no entry points to/),
  }),
  handler({
    id: 'guest-frame-as-host-frame',
    rule: 'shadow-derives-from-guest',
    title: 'A shadow leaf maps the host frame backing the guest frame (gPA→hPA), not the guest frame itself',
    explanation: "The guest's PTE holds a guest-physical frame; the hardware needs the host-physical one. Translate every gPA through the hypervisor's map (backFrame) before putting it in a shadow entry.",
    concept: CONCEPT.twoTranslations,
    recognise: (symptom) => {
      const match = /maps host frame (0x[0-9a-f]+), but guest frame (0x[0-9a-f]+) is backed/.exec(symptom.problem);
      return match !== null && match[1] === match[2];
    },
  }),
  handler({
    id: 'large-page-piece-frame',
    rule: 'shadow-derives-from-guest',
    title: "Each 4 KiB piece of a guest large page maps its own frame: the large page's first frame plus the piece's offset",
    explanation: "A direct page splits a guest large page into 4 KiB pieces: entry i maps the host frame backing guest frame (first frame + i), so the pieces reach consecutive guest frames, not all the first one.",
    concept: CONCEPT.twoTranslations,
    recognise: (symptom) => brokeRule(symptom, /maps host frame .*, but the guest frame is backed by/),
  }),
  handler({
    id: 'direct-page-by-accessed-frame',
    rule: 'shadow-derives-from-guest',
    title: "A guest large page's direct page is found by the large page's first frame, not by the frame accessed",
    explanation: 'One direct page serves a whole guest large page, named by its aligned first frame; looking it up by the accessed frame makes a new one per access and links the wrong pieces.',
    concept: CONCEPT.twoTranslations,
    recognise: (symptom) => brokeRule(symptom, /points to the shadow of guest frame .*, the guest entry points to/) && !isRootLevel(symptom),
  }),
  handler({
    id: 'data-frame-protected',
    rule: 'protected-frames-not-writable',
    title: "Write-protect the guest's page tables only: a data page mapped writable must not be a protected frame",
    explanation: "Write protection is how stores to guest page tables trap; a user store through a writable shadow leaf would bypass it. Protect the frames of guest tables, never the data page a leaf maps, and never map a protected frame writable.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => brokeRule(symptom, /writable, but that frame is write-protected/),
  }),
  handler({
    id: 'upper-tables-not-protected',
    rule: 'tables-write-protected',
    title: 'Write-protect every guest table a shadow page derives from, at every level, not only the level-1 tables',
    explanation: "A store the guest makes to any of its tables must trap, or the shadow silently goes stale: each time the handler links the shadow of a guest table (PDPT, PD or PT), that table's frame is write-protected.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => brokeRule(symptom, /which is not write-protected/) && !isRootLevel(symptom) && !wasProtectedBefore(symptom),
  }),
];

/** The frame the guest writes at the stopped event (as the guest maps it after the event) was write-protected in the student's last state before it. */
export function protectedTargetFrame(symptom: MachineSymptom): boolean {
  const after = expectedState(symptom, symptom.record.event);
  const [before] = earlierGotStates(symptom);
  const { va } = symptom.record;
  const cr3 = after?.snapshot.guestCr3;
  if (after === undefined || before === undefined || va === undefined || cr3 === null || cr3 === undefined) return false;
  const mapping = after.guestMapping(frameNumber(BigInt(cr3)), BigInt(va));
  return mapping !== null && before.protectedFrames.has(mapping.frame);
}
