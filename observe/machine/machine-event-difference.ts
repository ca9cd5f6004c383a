import { EXIT_REASONS } from '../../reference/hardware/stats';
import { ExitReason } from '../../reference/scenario/types';
import { Difference } from '../difference';
import { EventCounter, HandledFault, MachineEventRecord } from './machine-observation';
import { describeEvent, describeHandledFault, describeOutcome } from './machine-wording';
import { pairedLength } from '../paired-length';

/** Comparisons of one event's record: what the guest saw, then what the hypervisor did. */

function at(record: MachineEventRecord, field: string, expected: string, got: string, message: string, detail?: object): Difference {
  return { where: describeEvent(record), step: record.event, field, expected, got, message, detail: { event: record.event, ...detail } };
}

/** What the machine's own refusals mean for the components that caused them. */
const MACHINE_STOPS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /still faults after \d+ hidden faults/,
    "The hidden-fault handler kept answering 'fixed' but the access kept faulting: the shadow path it fills does not allow the access (the walk starts at the shadow root cr3Write returned; every level needs P, and the rights of the guest entry: RW, US, NX; a write needs a dirty guest PTE, and a frame that is still write-protected never gets a writable leaf: release the protection of a frame that is no longer a page table).",
  ],
  [
    /GuestTablesChangedError/,
    "The guest OS read back from its own page tables an entry it never wrote: a trapped store must be emulated exactly (the full 64-bit value, at the address the guest stored to) before the shadow is updated.",
  ],
  [
    /still faults after demand paging/,
    "The guest handled its page fault and maps the page, yet the access faulted into the guest again: the walk reported a fault for a page the guest's tables allow, a #PF was injected for such an access, or a trapped store was never emulated so the guest's tables did not change.",
  ],
];

/** Said instead of the first gloss when the reference injected a #PF at the event: the guest's own tables forbid the access, so no shadow could fix it. */
const FAULT_NOT_INJECTED =
  "The guest's own tables forbid this access (the reference injects a #PF here), but the hidden-fault handler kept answering 'fixed': it is the guest's fault, and #PF must be injected into the guest with its error code and CR2.";

/** The reference injected more #PFs into the guest during the event than the student's handler did (up to where it stopped). */
export function injectionsMissing(expected: MachineEventRecord, got: MachineEventRecord | undefined): boolean {
  const injections = (record: MachineEventRecord | undefined) => (record?.faults ?? []).filter((fault) => fault.result === 'inject').length;
  return injections(expected) > injections(got);
}

/** `record` is the reference's record of the event, `gotRecord` the student's (what their handler decided before the machine stopped). */
export function stoppedDifference(record: MachineEventRecord, message: string, gotRecord?: MachineEventRecord): Difference {
  const gloss = MACHINE_STOPS[0][0].test(message) && injectionsMissing(record, gotRecord) ? FAULT_NOT_INJECTED : MACHINE_STOPS.find(([pattern]) => pattern.test(message))?.[1];
  const explanation = gloss ?? 'The machine stopped at this event because your code threw (or broke the machine\'s rules).';
  return at(record, 'the event', 'to run to completion', `it stopped: ${message}`, explanation);
}

export function compareOutcome(expected: MachineEventRecord, got: MachineEventRecord): Difference | null {
  if (JSON.stringify(expected.outcome) === JSON.stringify(got.outcome)) return null;
  return at(
    expected,
    'what the guest saw',
    describeOutcome(expected.outcome),
    describeOutcome(got.outcome),
    'The guest saw a different result than on real hardware: under shadow paging the guest must not be able to tell it is virtualized.',
    { expectedOutcome: expected.outcome, gotOutcome: got.outcome },
  );
}

/** The page faults delivered to the guest (the guest reads their error code and CR2), and answers that are no answer. */
export function compareInjections(expected: MachineEventRecord, got: MachineEventRecord): Difference | null {
  const delivered = (record: MachineEventRecord) => (record.faults ?? []).filter((fault) => fault.result !== 'fixed');
  return compareFaultLists(expected, delivered(expected), delivered(got), 'page fault delivered to the guest');
}

/** Every decision of the hidden-fault handler, in order. */
export function compareHandledFaults(expected: MachineEventRecord, got: MachineEventRecord): Difference | null {
  return compareFaultLists(expected, expected.faults ?? [], got.faults ?? [], 'page fault handled');
}

function compareFaultLists(record: MachineEventRecord, expected: readonly HandledFault[], got: readonly HandledFault[], what: string): Difference | null {
  const count = pairedLength(expected, got, `${what} list`);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const have = got[i];
    if (want !== undefined && have !== undefined && sameFault(want, have)) continue;
    const detail = { fault: i, expectedFault: want, gotFault: have };
    return at(record, `${ordinal(i + 1)} ${what}`, describeHandledFault(want), describeHandledFault(have), faultAdvice(want, have, got[i - 1]), detail);
  }
  return null;
}

function sameFault(a: HandledFault, b: HandledFault): boolean {
  return a.va === b.va && a.access === b.access && a.result === b.result && a.errorCode === b.errorCode && a.cr2 === b.cr2;
}

function faultAdvice(want: HandledFault | undefined, have: HandledFault | undefined, previous: HandledFault | undefined): string {
  if (have?.result === 'invalid') return "The handler must return { kind: 'fixed' } or { kind: 'inject', errorCode, cr2 } (errorCode a number, cr2 a bigint).";
  if (want === undefined) {
    return previous?.result === 'fixed'
      ? "The access faulted again after your handler said 'fixed': the shadow path it filled does not allow this access."
      : 'The access faulted once more than it should have.';
  }
  if (have === undefined) return 'The access should have faulted (again) here, but it went through: a shadow entry or TLB entry allowed it.';
  if (want.result === 'fixed' && have.result === 'inject') return "The guest's own tables allow this access, so it is a hidden fault: fill the shadow path instead of injecting.";
  if (want.result === 'inject' && have.result === 'fixed') return "The guest's own tables forbid this access: it is the guest's fault, and #PF must be injected into the guest.";
  if (want.result === 'inject' && have.result === 'inject') return 'The injected #PF differs: the error code is built from the walk (P: protection or not present; W: write; U: user; I/D: fetch) and CR2 is the faulting address.';
  return 'The fault is reported at another address or for another kind of access.';
}

const EXIT_ADVICE: Partial<Record<ExitReason, string>> = {
  'hidden-fault': 'Each hidden fault is one exit: a missing one means a shadow entry was present that should have been zapped (or was filled writable for a clean page); an extra one means a shadow entry was missing or too restrictive.',
  'guest-fault': 'Each #PF injected into the guest is one exit.',
  'pt-write': 'Stores to guest page tables exit exactly while those tables are shadowed (write-protected).',
  'cr3-write': 'The guest loads CR3 on every context switch.',
  invlpg: 'The guest invalidates a page after changing a present PTE of the running process.',
};

export function compareExits(expected: MachineEventRecord, got: MachineEventRecord): Difference | null {
  for (const reason of EXIT_REASONS) {
    const want = expected.exits?.[reason] ?? 0;
    const have = got.exits?.[reason] ?? 0;
    if (want === have) continue;
    const advice = EXIT_ADVICE[reason] ?? '';
    return at(expected, `${reason} exits`, String(want), String(have), `The hypervisor took a different number of "${reason}" VM exits. ${advice}`.trim(), { reason });
  }
  return null;
}

const COUNTER_WORDS: Record<EventCounter, { readonly name: string; readonly advice: string }> = {
  hiddenFaults: { name: 'hidden page faults', advice: 'Hidden faults include the first touch of each guest frame by the guest kernel.' },
  guestFaults: { name: 'page faults delivered to the guest', advice: 'Only accesses the guest\'s own tables forbid may fault in the guest.' },
  tlbMisses: { name: 'TLB misses', advice: 'A translation stayed cached that should have been invalidated, or one was dropped that should have stayed.' },
  tlbHits: { name: 'TLB hits', advice: 'A translation stayed cached that should have been invalidated, or one was dropped that should have stayed.' },
  walkRefs: { name: 'hardware walk references', advice: 'The hardware walks the shadow tables from the shadow root: a missing or extra shadow level changes the count.' },
  tlbFlushes: { name: 'TLB flushes', advice: 'The reference flushes the VM\'s TLB entries on a CR3 load and after unlinking a shadow table, nowhere else.' },
};

/** A per-event counter in words: "TLB flushes". */
export function describeCounter(counter: EventCounter): string {
  return COUNTER_WORDS[counter].name;
}

export function compareCounters(expected: MachineEventRecord, got: MachineEventRecord, counters: readonly EventCounter[]): Difference | null {
  for (const counter of counters) {
    const want = expected.counters?.[counter] ?? 0;
    const have = got.counters?.[counter] ?? 0;
    if (want === have) continue;
    const words = COUNTER_WORDS[counter];
    return at(expected, words.name, String(want), String(have), `This event caused a different number of ${words.name}. ${words.advice}`, { counter });
  }
  return null;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
