import { CheckKind, Difference } from '../difference';
import { compareCounters, compareExits, compareHandledFaults, compareInjections, compareOutcome, stoppedDifference } from './machine-event-difference';
import { ContractStats, EventCounter, MachineEventRecord, MachineObservation, MachineSnapshot } from './machine-observation';
import { checkSnapshotRules } from './machine-rules';
import { VmSnapshotView } from './machine-snapshot-view';
import { pairedLength } from '../paired-length';
import { compareBacking, compareGuestState, compareShadowTables, compareTlb, SnapshotPlace } from './machine-state-difference';

const ALL_COUNTERS: readonly EventCounter[] = ['hiddenFaults', 'guestFaults', 'tlbMisses', 'tlbHits', 'walkRefs', 'tlbFlushes'];

type EventCheck = (expected: MachineEventRecord, got: MachineEventRecord) => Difference | null;
type SnapshotCheck = (place: SnapshotPlace, expected: VmSnapshotView, got: VmSnapshotView) => Difference | null;

/**
 * `policy`: the student's machine must do exactly what the reference does,
 * event by event: what the guest saw, each page fault decided, the exits and
 * counters, then the state after the event (guest tables, backing, shadow
 * entries, TLB).
 * `invariant`: the guest must not be able to tell the two apart (outcomes,
 * faults delivered with their error codes, its own page tables), and every
 * snapshot of the student's state must keep the rules any correct design
 * keeps (machine-rules.ts). Exits, counters and the exact shadow entries are
 * the design's own business there.
 * Either way the first difference in event order is reported.
 */
export function judgeMachine(check: CheckKind, expected: MachineObservation, got: MachineObservation): Difference | null {
  if (expected.stopped !== undefined) throw new Error(`the reference stopped at event ${expected.stopped.event}: ${expected.stopped.message}`);
  pairedLength(expected.snapshots, got.snapshots, 'snapshots');
  if (pairedLength(expected.events, got.events, 'events') > expected.events.length) throw new Error('observations of different scenarios: more events than the reference ran');
  const policy = check === 'policy';
  const eventChecks: EventCheck[] = policy
    ? [compareOutcome, compareHandledFaults, compareExits, (e, g) => compareCounters(e, g, ALL_COUNTERS)]
    : [compareOutcome, compareInjections, (e, g) => compareCounters(e, g, ['guestFaults'])];
  const snapshotChecks: SnapshotCheck[] = policy
    ? [compareGuestState, compareBacking, compareShadowTables, compareTlb]
    : [compareGuestState, (place, e, g) => checkSnapshotRules(place, e, g)];

  const gotSnapshots = new Map(got.snapshots.map((snapshot) => [snapshot.afterEvent, snapshot]));
  const expectedSnapshots = new Map(expected.snapshots.map((snapshot) => [snapshot.afterEvent, snapshot]));
  for (const record of expected.events) {
    const gotRecord = got.events[record.event];
    if (gotRecord === undefined) throw new Error(`the observation stops before event ${record.event} without saying why`);
    if (got.stopped?.event === record.event) return stoppedDifference(record, got.stopped.message, gotRecord);
    for (const eventCheck of eventChecks) {
      const difference = eventCheck(record, gotRecord);
      if (difference !== null) return difference;
    }
    const snapshot = expectedSnapshots.get(record.event);
    if (snapshot !== undefined) {
      const difference = compareSnapshots(record, snapshot, gotSnapshots.get(record.event), snapshotChecks);
      if (difference !== null) return difference;
    }
  }
  if (got.stopped !== undefined) throw new Error(`the observation stopped at event ${got.stopped.event}, which the reference did not run`);
  return policy ? compareStats(expected.stats, got.stats) : null;
}

function compareSnapshots(record: MachineEventRecord, expected: MachineSnapshot, got: MachineSnapshot | undefined, checks: readonly SnapshotCheck[]): Difference | null {
  if (got === undefined) throw new Error(`the observation has no snapshot after event ${record.event}`);
  pairedLength(expected.vms, got.vms, 'VMs of a snapshot');
  const gotVms = new Map(got.vms.map((vm) => [vm.vm, vm]));
  for (const vm of expected.vms) {
    const other = gotVms.get(vm.vm);
    if (other === undefined) throw new Error(`the snapshot after event ${record.event} has no vm ${vm.vm}`);
    const place: SnapshotPlace = { record, vm: vm.vm, severalVms: expected.vms.length > 1 };
    const expectedView = new VmSnapshotView(vm);
    const gotView = new VmSnapshotView(other);
    for (const check of checks) {
      const difference = check(place, expectedView, gotView);
      if (difference !== null) return difference;
    }
  }
  return null;
}

/** The end-of-run counters, in the contract's order (docs/scenario-format.md). */
function compareStats(expected: ContractStats | undefined, got: ContractStats | undefined): Difference | null {
  if (expected === undefined || got === undefined) throw new Error('an observation that ran to the end has no statistics');
  const fields: Array<[string, number, number]> = [];
  for (const [name, value] of Object.entries(expected)) {
    const other: unknown = (got as unknown as Record<string, unknown>)[name];
    if (typeof value === 'number') fields.push([name, value, typeof other === 'number' ? other : NaN]);
    else
      for (const [part, count] of Object.entries(value as Record<string, number>)) {
        const otherPart: unknown = typeof other === 'object' && other !== null ? (other as Record<string, unknown>)[part] : undefined;
        // A count that is not a number is NaN, which equals nothing: the field differs.
        fields.push([`${name}.${part}`, count, typeof otherPart === 'number' ? otherPart : NaN]);
      }
  }
  const differing = fields.find(([, want, have]) => want !== have);
  if (differing === undefined) return null;
  const [field, want, have] = differing;
  return { where: 'end of the run', field, expected: String(want), got: String(have), message: `The statistics at the end of the run differ (${field}): your hypervisor did more or less work than the reference's.` };
}
