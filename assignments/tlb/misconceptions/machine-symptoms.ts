import { MachineEventRecord, MachineObservation } from '../../../observe/machine/machine-observation';
import { FailedCase } from '../../framework/misconception';

/**
 * What the first difference of a machine run (the experiment, the random
 * two-VM workloads) shows about the TLB built from the student's component:
 * an access that hit where the reference's missed or the other way round,
 * and whether another VM ran since this VM last touched the page.
 */

const ACCESSES = new Set(['read', 'write', 'exec']);

export interface MachineTlbCase {
  readonly vpids: boolean;
  readonly record: MachineEventRecord;
  readonly expected: MachineObservation;
  readonly got: MachineObservation;
  readonly field: string;
}

export function machineCase(failed: FailedCase): MachineTlbCase | undefined {
  const { probe, expected, got, difference } = failed;
  if (probe.kind !== 'machine' || expected.kind !== 'machine' || got.kind !== 'machine') return undefined;
  const event = (difference.detail as { event?: unknown } | undefined)?.event;
  if (typeof event !== 'number') return undefined;
  const record = expected.events[event];
  if (record === undefined) return undefined;
  return { vpids: probe.scenario.machine?.vpid !== false, record, expected, got, field: difference.field };
}

/** The student's machine walked less (or faulted less) on this access than the reference's: a TLB entry served it that should not have. */
export function hitWhereReferenceMissed(c: MachineTlbCase): boolean {
  const gotRecord = c.got.events[c.record.event];
  if (gotRecord === undefined || !ACCESSES.has(c.record.op)) return false;
  const fewer = (want: number | undefined, have: number | undefined) => (have ?? 0) < (want ?? 0);
  const exits = (record: MachineEventRecord) => Object.values(record.exits ?? {}).reduce((sum, n) => sum + (n ?? 0), 0);
  return fewer(c.record.counters?.tlbMisses, gotRecord.counters?.tlbMisses) || fewer(c.record.counters?.guestFaults, gotRecord.counters?.guestFaults) || exits(gotRecord) < exits(c.record);
}

/** The student's machine missed more on this access than the reference's. */
export function missWhereReferenceHit(c: MachineTlbCase): boolean {
  const gotRecord = c.got.events[c.record.event];
  return gotRecord !== undefined && ACCESSES.has(c.record.op) && (gotRecord.counters?.tlbMisses ?? 0) > (c.record.counters?.tlbMisses ?? 0);
}

/** Some other VM touched this page before this event. */
export function anotherVmTouchedThePage(c: MachineTlbCase): boolean {
  const page = (va: string | undefined) => (va === undefined ? undefined : BigInt(va) >> 12n);
  return c.expected.events.slice(0, c.record.event).some((record) => ACCESSES.has(record.op) && record.vm !== c.record.vm && page(record.va) === page(c.record.va));
}

/** Another VM ran since this VM last touched the page. */
export function vmSwitchedSinceLastTouch(c: MachineTlbCase): boolean {
  const page = (va: string | undefined) => (va === undefined ? undefined : BigInt(va) >> 12n);
  const earlier = c.expected.events.slice(0, c.record.event);
  const last = earlier.map((record) => record.vm === c.record.vm && ACCESSES.has(record.op) && page(record.va) === page(c.record.va)).lastIndexOf(true);
  return last >= 0 && earlier.slice(last + 1).some((record) => record.vm !== c.record.vm);
}

/** With VPIDs on, an access hit (or skipped a fault) where the reference's missed, on a page another VM had touched. */
export function anotherVmsTranslation(failed: FailedCase): boolean {
  const c = machineCase(failed);
  return c !== undefined && c.vpids && hitWhereReferenceMissed(c) && anotherVmTouchedThePage(c);
}
