import { Misconception } from '../../framework/misconception';
import { PTE_A, PTE_D } from '../../../reference/paging/constants';
import { CONCEPT, misconception } from './concepts';
import { brokeRule, entryValues, exited, isAccess, isRootLevel, MachineSymptom, referenceFlushed, stoppedWith, wasProtectedBefore, wasUnsyncBefore } from './symptoms';
import { adDifference, protectedTargetFrame } from './handler-misconceptions';

/**
 * Shadow sync's misconceptions: emulating trapped stores, keeping the shadow
 * and the TLB current, write protection over time, one shadow per process
 * and freeing it. Most specific first.
 */

const sync = (fields: Parameters<typeof misconception>[1]) => misconception('shadowSync', fields);

/** A snapshot rule about a shadow entry's content, broken after an event that handled no fault: the shadow went stale. */
const STALE_ENTRY = /is stale|while the guest|points to the shadow of guest frame|points to a direct page|points to the shadow of a guest table|maps host frame/;

function staleAfterGuestStore(symptom: MachineSymptom): boolean {
  return brokeRule(symptom, STALE_ENTRY) && (symptom.gotRecord?.faults ?? []).every((fault) => fault.result !== 'fixed');
}

const SAME_INDEX = 'emulate it, then zap (or update) the shadow entry at the same index (the store address\'s offset / 8) in every shadow of that table';

export const SYNC_MISCONCEPTIONS: readonly Misconception[] = [
  sync({
    id: 'cr3-returns-no-root',
    rule: 'one-shadow-per-process',
    title: "cr3Write returns the shadow of the guest's new top-level table",
    explanation: "The hardware walks whatever cr3Write returns: for every guest CR3 it must be a live shadow root of that very guest table (null only in the guest's idle context).",
    concept: CONCEPT.perProcess,
    recognise: (symptom) => stoppedWith(symptom, /from cr3Write/),
  }),
  sync({
    id: 'store-not-emulated-or-allowed-access-injected',
    rule: 'guest-cannot-tell',
    title: "A trapped store to a guest table must be emulated: the guest's table must hold what the guest OS wrote",
    explanation:
      "The guest mapped the page, yet the access faulted into the guest again: after a pt-write exit the hypervisor must perform the store into guest memory itself (the guest's instruction never completes otherwise), and only then update the shadow. A handler that injects #PF for an access the guest's tables allow (e.g. taking A = 0 for not present) loops the same way.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => stoppedWith(symptom, /still faults after demand paging/),
  }),
  sync({
    id: 'store-truncated',
    rule: 'guest-cannot-tell',
    title: 'A trapped store is emulated with its full 64-bit value: NX and the high address bits included',
    explanation: 'Guest entries are 64 bits wide; emulating the store through a 32-bit value loses NX (bit 63) and the frame bits above 4 GiB, so the guest reads back an entry it never wrote.',
    concept: CONCEPT.trapping,
    recognise: (symptom) => {
      const values = symptom.field === "guest's entry" ? entryValues(symptom) : undefined;
      return values !== undefined && values.got === (values.expected & 0xffffffffn) && values.got !== values.expected;
    },
  }),
  sync({
    id: 'store-merged-with-old-entry',
    rule: 'guest-cannot-tell',
    title: 'A trapped store replaces the old entry with the value stored; it is not OR-ed into it',
    explanation: "The emulated store must leave exactly the stored value in the guest's entry: OR-ing it into the old entry keeps bits the guest cleared (A and D after clear-ad, RW after mprotect, P after munmap).",
    concept: CONCEPT.trapping,
    recognise: (symptom) => {
      const values = symptom.field === "guest's entry" ? entryValues(symptom) : undefined;
      if (values === undefined || values.got === values.expected) return false;
      const keptOldBits = (values.got & values.expected) === values.expected;
      return keptOldBits && (!isAccess(symptom.record) || ((values.got ^ values.expected) & ~(PTE_A | PTE_D)) !== 0n);
    },
  }),
  sync({
    id: 'store-not-emulated-exactly',
    rule: 'guest-cannot-tell',
    title: "A trapped store is emulated exactly: the guest's entry holds the stored value, at the stored address",
    explanation: "The guest's own tables must read back what the guest OS wrote: perform the trapped store with its exact address and 64-bit value before touching the shadow.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => (symptom.field === "guest's entry" && /not emulated exactly/.test(symptom.message)) || stoppedWith(symptom, /GuestTablesChangedError/),
  }),
  sync({
    id: 'tlb-kept-across-cr3',
    rule: 'tlb-coherent',
    title: "A CR3 load drops the previous process's TLB entries (flush the context)",
    explanation: "Each process has its own mappings for the same virtual addresses: after a context switch, a translation cached for the previous process would let the new one reach the old one's pages. cr3Write must flush the TLB's current context.",
    concept: CONCEPT.tlb,
    recognise: (symptom) =>
      exited(symptom.record, 'cr3-write') &&
      (symptom.field === 'cached translation' || (/page fault delivered/.test(symptom.field) && symptom.gotFault === undefined) || symptom.field === 'what the guest saw'),
  }),
  sync({
    id: 'no-flush-after-unlink',
    rule: 'tlb-coherent',
    title: 'Zapping an entry that points to a shadow table must flush the TLB: invlpg covers one page only',
    explanation:
      "When a trapped store removes a non-leaf entry, every page mapped through the unlinked shadow table may be cached in the TLB, and the guest invalidates only the pages it knows about. Flush the VM's TLB after unlinking a shadow table (a zapped leaf needs no flush: the guest's invlpg follows).",
    concept: CONCEPT.tlb,
    recognise: (symptom) => symptom.field === 'cached translation' && referenceFlushed(symptom.record) && !exited(symptom.record, 'cr3-write'),
  }),
  sync({
    id: 'invlpg-keeps-tlb',
    rule: 'tlb-coherent',
    title: "invlpg must drop the page's TLB entry, not only its shadow entry",
    explanation: "The guest's invlpg says a PTE changed: the hypervisor intercepts it, so it must do what the instruction does (invalidate the TLB entry of that page) besides bringing the shadow up to date; otherwise the old translation keeps serving accesses.",
    concept: CONCEPT.tlb,
    recognise: (symptom) => symptom.field === 'cached translation' || (symptom.field === 'what the guest saw' && exited(symptom.record, 'invlpg')),
  }),
  sync({
    id: 'one-shadow-for-all',
    rule: 'one-shadow-per-process',
    title: "Each guest process has its own shadow: CR3 holds the shadow of the guest's current top-level table",
    explanation: 'Shadow roots are found by the guest root they shadow (one per process, kept across switches); sharing one root among processes mixes their mappings, and the hardware walks a shadow that is not derived from the running process.',
    concept: CONCEPT.perProcess,
    recognise: (symptom) => brokeRule(symptom, /is not what the hardware's CR3 holds/) || (brokeRule(symptom, /points to the shadow of guest frame/) && isRootLevel(symptom)),
  }),
  sync({
    id: 'store-to-root-not-synced',
    rule: 'shadow-current',
    title: "Stores to the guest's top-level table must update its shadow too",
    explanation: `The root's entries change when the guest maps or unmaps a whole region: a trapped store to the top-level table must be handled like any other (${SAME_INDEX}).`,
    concept: CONCEPT.trapping,
    recognise: (symptom) => staleAfterGuestStore(symptom) && isRootLevel(symptom),
  }),
  sync({
    id: 'store-to-upper-table-not-synced',
    rule: 'shadow-current',
    title: 'Stores to upper-level guest tables (PDPT, PD) must update the shadow too, not only stores to PTs',
    explanation: `The guest unmaps, splits and reprotects through entries at every level: for a trapped store to any table, ${SAME_INDEX}; a zapped non-leaf entry frees the shadow tables below it.`,
    concept: CONCEPT.trapping,
    recognise: (symptom) => staleAfterGuestStore(symptom) && symptom.level !== undefined && symptom.level > 1,
  }),
  sync({
    id: 'out-of-sync-not-resynced',
    rule: 'shadow-current',
    title: "A shadow page left out of sync must be brought up to date at the guest's next invlpg (or CR3 load)",
    explanation: "An out-of-sync level-1 page may lag behind its guest table only until the guest invalidates a page it maps: the guest's invlpg (after munmap, mprotect or clear-ad) must resync it, or the hardware walks stale entries.",
    concept: CONCEPT.tlb,
    recognise: (symptom) => staleAfterGuestStore(symptom) && wasUnsyncBefore(symptom),
  }),
  sync({
    id: 'in-place-update-ignores-dirty',
    rule: 'writable-only-when-dirty',
    title: 'A shadow leaf updated in place after a trapped store is writable only if the new guest PTE is dirty',
    explanation: 'Updating the shadow leaf from the stored PTE instead of zapping it is a correct design, but the leaf must follow the same rule as one the handler fills: read-only until the guest PTE is dirty (and the guest allows writes).',
    concept: CONCEPT.accessedDirty,
    recognise: (symptom) => staleAfterGuestStore(symptom) && brokeRule(symptom, /writable while the guest PTE is clean/) && exited(symptom.record, 'pt-write'),
  }),
  sync({
    id: 'leaf-kept-after-accessed-cleared',
    rule: 'accessed-dirty',
    title: 'When the guest clears A in a PTE, its shadow leaf must go, so the next access faults and sets A again',
    explanation: "The hypervisor learns of an access only through a hidden fault: a shadow leaf kept (or updated in place) after the guest clears A lets the next access through without setting A, and the guest's page aging sees the page as unused.",
    concept: CONCEPT.accessedDirty,
    recognise: (symptom, failed) =>
      ((adDifference(symptom)?.missing ?? 0n) & PTE_A) !== 0n && symptom.level === 1 && failed.probe.kind === 'machine' && failed.probe.scenario.events.slice(0, symptom.record.event).some((event) => event.op === 'clear-ad'),
  }),
  sync({
    id: 'store-not-synced',
    rule: 'shadow-current',
    title: 'A trapped store to a guest table must zap (or update) the shadow entry derived from the entry it changes',
    explanation: `The guest changed its table, so the shadow entry derived from the old entry is stale: ${SAME_INDEX}. Otherwise munmap, mprotect and clear-ad go unseen, however the store itself is emulated.`,
    concept: CONCEPT.trapping,
    recognise: (symptom) => staleAfterGuestStore(symptom),
  }),
  sync({
    id: 'resync-without-protection',
    rule: 'tables-write-protected',
    title: 'A table brought back in sync is write-protected again',
    explanation: "While a page is out of sync its guest table may be writable; once it is back in sync, the guest's next store to that table must trap again, so protect it when you resync.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => brokeRule(symptom, /which is not write-protected/) && wasUnsyncBefore(symptom),
  }),
  sync({
    id: 'protection-dropped-after-store',
    rule: 'tables-write-protected',
    title: "A guest table stays write-protected after a trapped store: every later store must trap as well",
    explanation: "Releasing protection after the first trapped store lets the guest's next store to the same table go straight to memory, and the shadow derived from it goes stale. Release it only when no shadow page derives from the table any more.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => brokeRule(symptom, /which is not write-protected/) && wasProtectedBefore(symptom),
  }),
  sync({
    id: 'root-not-protected',
    rule: 'tables-write-protected',
    title: "The guest's top-level table is write-protected too, from the CR3 load that shadows it",
    explanation: "The root's shadow derives from the guest's root table like any other: cr3Write must write-protect the guest's top-level table, or the guest's stores to it never trap.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => brokeRule(symptom, /which is not write-protected/) && isRootLevel(symptom),
  }),
  sync({
    id: 'protection-never-released',
    rule: 'protection-released',
    title: 'Release write protection when a frame stops being a page table: the guest may reuse it for data',
    explanation: "A freed guest table's frame becomes ordinary memory again; if it stays protected, the hypervisor can never map it writable and the guest's writes to it fault forever. Release the frames whose last shadow page is freed.",
    concept: CONCEPT.trapping,
    recognise: (symptom) => symptom.record.op === 'write' && protectedTargetFrame(symptom),
  }),
  sync({
    id: 'shadow-not-freed',
    rule: 'shadow-memory',
    title: "A process's shadow is freed when it exits: free its dead root, and keep handling stores while no process is loaded",
    explanation:
      "When a process exits, the guest tears down its tables with stores that trap even while no process is loaded (the exit path), and its root must be freed (freeRoot) once no CR3 holds it; otherwise shadow memory grows past one shadow page per live guest table.",
    concept: CONCEPT.perProcess,
    recognise: (symptom) => brokeRule(symptom, /no page table of a live process/),
  }),
];
