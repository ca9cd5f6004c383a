import { FailedCase } from '../../framework/misconception';
import { HandledFault, MachineEventRecord, MachineObservation, VmSnapshot } from '../../../observe/machine/machine-observation';
import { VmSnapshotView } from '../../../observe/machine/machine-snapshot-view';

/**
 * What a failing machine case shows, read off its first difference and the
 * two observations: which event, what the guest did there, which rule the
 * student's snapshot broke and at which level. Recognisers classify by
 * these facts, never by the test.
 */
export interface MachineSymptom {
  readonly expected: MachineObservation;
  readonly got: MachineObservation;
  /** The reference's record of the event the difference is at. */
  readonly record: MachineEventRecord;
  /** The student's record of that event (absent when their machine stopped earlier). */
  readonly gotRecord: MachineEventRecord | undefined;
  /** Difference.field: "shadow entry", "guest's entry", "cached translation", "the event", "1st page fault delivered to the guest", ... */
  readonly field: string;
  /** Difference.expected and Difference.got. */
  readonly expectedText: string;
  readonly gotText: string;
  readonly message: string;
  /** For a snapshot rule broken: the rule checker's words ("is stale: the guest entry is not present"). */
  readonly problem: string;
  /** The table level the difference names, when it names one. */
  readonly level: number | undefined;
  readonly vm: number | undefined;
  /** The guest frame of the table a shadow difference names (Difference.detail.shadows). */
  readonly shadows: number | undefined;
  /** The page faults of the event on each side, when the difference is about one. */
  readonly expectedFault: HandledFault | undefined;
  readonly gotFault: HandledFault | undefined;
}

/** The symptom of a failed machine case; undefined for any other kind. */
export function machineSymptom(failed: FailedCase): MachineSymptom | undefined {
  const { expected, got, difference } = failed;
  if (expected.kind !== 'machine' || got.kind !== 'machine') return undefined;
  const detail = (difference.detail ?? {}) as Record<string, unknown>;
  const event = typeof detail.event === 'number' ? detail.event : difference.step;
  const record = event === undefined ? undefined : expected.events[event];
  if (record === undefined) return undefined;
  return {
    expected,
    got,
    record,
    gotRecord: got.events[record.event],
    field: difference.field,
    expectedText: difference.expected,
    gotText: difference.got,
    message: difference.message,
    problem: typeof detail.problem === 'string' ? detail.problem : '',
    level: typeof detail.level === 'number' ? detail.level : undefined,
    vm: typeof detail.vm === 'number' ? detail.vm : undefined,
    shadows: typeof detail.shadows === 'string' && /^0x[0-9a-f]+$/i.test(detail.shadows) ? Number(BigInt(detail.shadows) >> 12n) : undefined,
    expectedFault: detail.expectedFault as HandledFault | undefined,
    gotFault: detail.gotFault as HandledFault | undefined,
  };
}

/** A recogniser over machine symptoms: false for any case that is not a machine one. */
export function onMachine(test: (symptom: MachineSymptom) => boolean): (failed: FailedCase) => boolean {
  return (failed) => {
    const symptom = machineSymptom(failed);
    return symptom !== undefined && test(symptom);
  };
}

const ACCESSES: ReadonlySet<string> = new Set(['read', 'write', 'exec']);

/** The event is a user access (read, write, exec), where the hidden-fault handler runs. */
export function isAccess(record: MachineEventRecord): boolean {
  return ACCESSES.has(record.op);
}

/** The reference injected a #PF into the guest during the event. */
export function referenceInjected(record: MachineEventRecord): boolean {
  return (record.faults ?? []).some((fault) => fault.result === 'inject');
}

/** The reference's machine exited for `reason` during the event. */
export function exited(record: MachineEventRecord, reason: 'cr3-write' | 'invlpg' | 'pt-write'): boolean {
  return (record.exits?.[reason] ?? 0) > 0;
}

/** The reference flushed the VM's TLB during the event (a CR3 load, or a shadow table unlinked). */
export function referenceFlushed(record: MachineEventRecord): boolean {
  return (record.counters?.tlbFlushes ?? 0) > 0;
}

/** The machine stopped at this event with a message matching `pattern`. */
export function stoppedWith(symptom: MachineSymptom, pattern: RegExp): boolean {
  return symptom.got.stopped?.event === symptom.record.event && pattern.test(symptom.got.stopped.message);
}

/** The snapshot rule checker's `problem` matches. */
export function brokeRule(symptom: MachineSymptom, pattern: RegExp): boolean {
  return symptom.problem !== '' && pattern.test(symptom.problem);
}

/** The student's VM state after an event (undefined when no snapshot was taken then). */
export function gotState(symptom: MachineSymptom, afterEvent: number): VmSnapshotView | undefined {
  return stateIn(symptom.got, afterEvent, symptom.vm ?? symptom.record.vm);
}

/** The reference's VM state after an event: its guest tables are what every correct run has. */
export function expectedState(symptom: MachineSymptom, afterEvent: number): VmSnapshotView | undefined {
  return stateIn(symptom.expected, afterEvent, symptom.vm ?? symptom.record.vm);
}

function stateIn(observation: MachineObservation, afterEvent: number, vm: number): VmSnapshotView | undefined {
  const snapshot: VmSnapshot | undefined = observation.snapshots.find((candidate) => candidate.afterEvent === afterEvent)?.vms.find((candidate) => candidate.vm === vm);
  return snapshot === undefined ? undefined : new VmSnapshotView(snapshot);
}

/** The student's states before the event the difference is at, latest first. */
export function earlierGotStates(symptom: MachineSymptom): VmSnapshotView[] {
  const states: VmSnapshotView[] = [];
  for (let event = symptom.record.event - 1; event >= 0; event--) {
    const state = gotState(symptom, event);
    if (state !== undefined) states.push(state);
  }
  return states;
}

/** The bits in which two hex error codes differ (undefined when either side injected none). */
export function errorCodeDifference(symptom: MachineSymptom): number | undefined {
  const { expectedFault, gotFault } = symptom;
  if (expectedFault?.result !== 'inject' || gotFault?.result !== 'inject') return undefined;
  return Number(expectedFault.errorCode) ^ Number(gotFault.errorCode);
}

/** The entry the difference names on both sides, read from its text ("0x8000000000101067 (P RW …)"). */
export function entryValues(symptom: MachineSymptom): { readonly expected: bigint; readonly got: bigint } | undefined {
  const read = (text: string) => /^(0x[0-9a-f]+) \(/i.exec(text)?.[1];
  const want = read(symptom.expectedText);
  const have = read(symptom.gotText);
  return want === undefined || have === undefined ? undefined : { expected: BigInt(want), got: BigInt(have) };
}

/** The difference names a table at the guest's top level (the root: PML4, or PML5). */
export function isRootLevel(symptom: MachineSymptom): boolean {
  const rootLevel = expectedState(symptom, symptom.record.event)?.guestRootLevel ?? 4;
  return symptom.level === rootLevel;
}

/** The guest table the difference names (its `shadows` frame) was write-protected in one of the student's earlier states. */
export function wasProtectedBefore(symptom: MachineSymptom): boolean {
  const frame = symptom.shadows;
  return frame !== undefined && earlierGotStates(symptom).some((state) => state.protectedFrames.has(frame));
}

/** The shadow page the difference names was marked out of sync in one of the student's earlier states. */
export function wasUnsyncBefore(symptom: MachineSymptom): boolean {
  const frame = symptom.shadows;
  return frame !== undefined && earlierGotStates(symptom).some((state) => state.shadowPages.some((page) => page.guestFrame === frame && page.unsync === true));
}
