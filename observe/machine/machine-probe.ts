import { hex } from '../../reference/addresses';
import { Components } from '../../reference/components';
import { Machine } from '../../reference/machine/machine';
import { SimulationStats } from '../../reference/hardware/stats';
import { ExitReason, Outcome, ResolvedEvent, ResolvedScenario, Scenario } from '../../reference/scenario/types';
import { FaultLog } from './machine-fault-log';
import { ContractStats, EVENT_COUNTERS, EventCounter, HandledFault, MachineEventRecord, MachineObservation, MachineSnapshot } from './machine-observation';
import { snapshotVm } from './machine-snapshot';
import { describeThrown } from '../describe-thrown';
import { MachineProbe } from '../probe-types';

export type { MachineObservation } from './machine-observation';

/**
 * How a probe's scenario document becomes what the machine runs: parseScenario
 * (scenario/validate.ts) checks it completely; resolveScenario
 * (scenario/resolve.ts) only resolves it, for a process that is sent probes
 * checked already and should not load the checker (the grader's sandbox child).
 */
export type ReadScenario = (document: Scenario) => ResolvedScenario;

/** Guest-physical memory is sized in MiB of 4 KiB frames, as the machine sizes it. */
const FRAMES_PER_MIB = 256;

/**
 * Play the probe's scenario on a machine built from `components`, recording
 * per event the outcome, the VM exits, the counters that moved and the
 * page faults the hidden-fault handler decided, plus snapshots of every VM's
 * state. A component that throws stops the machine at that event; what was
 * recorded up to it is kept, so the feedback can name the event.
 */
export function observeMachine(probe: MachineProbe, components: Components, readScenario: ReadScenario): MachineObservation {
  const scenario = readScenario(probe.scenario);
  const faultLog = new FaultLog(components.hiddenFaultHandler);
  const machine = new Machine(scenario.machine, { ...components, hiddenFaultHandler: faultLog.handler });
  const when = probe.snapshots ?? 'end';
  const pidsByVm = new Map<number, Set<number>>();
  const events: MachineEventRecord[] = [];
  const snapshots: MachineSnapshot[] = [];

  for (const event of scenario.events) {
    notePids(pidsByVm, event);
    const before = countersOf(machine.context.stats);
    let outcome: Outcome | null = null;
    let stopped: string | null = null;
    try {
      outcome = machine.run(event);
    } catch (error) {
      stopped = describeThrown(error);
    }
    events.push(eventRecord(event, outcome, before, countersOf(machine.context.stats), faultLog.take()));
    if (stopped !== null) return { kind: 'machine', mode: scenario.machine.mode, events, snapshots, stopped: { event: event.index, message: stopped } };
    const last = event.index === scenario.events.length - 1;
    if (when === 'every-event' || (when === 'end' && last)) snapshots.push(snapshot(machine, pidsByVm, event.index, probe.tlbTags === true));
  }
  return { kind: 'machine', mode: scenario.machine.mode, events, snapshots, stats: contractStats(machine.stats()) };
}

function notePids(pidsByVm: Map<number, Set<number>>, event: ResolvedEvent): void {
  let pids = pidsByVm.get(event.vm);
  if (pids === undefined) pidsByVm.set(event.vm, (pids = new Set()));
  pids.add(event.pid);
  if (event.op === 'fork') pids.add(event.child);
}

function snapshot(machine: Machine, pidsByVm: ReadonlyMap<number, ReadonlySet<number>>, afterEvent: number, tlbTags: boolean): MachineSnapshot {
  const guestFrames = machine.options.guestMemoryMiB * FRAMES_PER_MIB;
  const vms = [...pidsByVm.keys()].sort((a, b) => a - b).flatMap((id) => {
    const parts = machine.vmParts(id);
    return parts === undefined ? [] : [snapshotVm({ id, ...parts, pids: pidsByVm.get(id)! }, machine.options.mode, guestFrames, tlbTags)];
  });
  return { afterEvent, vms };
}

/** The stats an event record is the change of. */
interface Reading {
  readonly counters: Record<EventCounter, number>;
  readonly exits: Record<ExitReason, number>;
}

function countersOf(stats: SimulationStats): Reading {
  const counters = Object.fromEntries(Object.entries(EVENT_COUNTERS).map(([name, field]) => [name, stats[field]])) as Record<EventCounter, number>;
  return { counters, exits: { ...stats.vmExitsByReason } };
}

function eventRecord(event: ResolvedEvent, outcome: Outcome | null, before: Reading, after: Reading, faults: readonly HandledFault[]): MachineEventRecord {
  const exits = nonZeroChanges(before.exits, after.exits);
  const counters = nonZeroChanges(before.counters, after.counters);
  return {
    event: event.index,
    op: event.op,
    vm: event.vm,
    pid: event.pid,
    ...('va' in event ? { va: hex(event.va) } : {}),
    ...(outcome === null ? {} : { outcome }),
    ...(Object.keys(exits).length > 0 ? { exits } : {}),
    ...(Object.keys(counters).length > 0 ? { counters } : {}),
    ...(faults.length > 0 ? { faults } : {}),
  };
}

function nonZeroChanges<K extends string>(before: Readonly<Record<K, number>>, after: Readonly<Record<K, number>>): Partial<Record<K, number>> {
  const changes: Partial<Record<K, number>> = {};
  for (const name of Object.keys(after) as K[]) if (after[name] !== before[name]) changes[name] = after[name] - before[name];
  return changes;
}

function contractStats(stats: SimulationStats): ContractStats {
  const { accesses, tlbHits, tlbMisses, walkMemRefs, guestPageFaults, hiddenPageFaults, vmExits, vmExitsByReason, tlbFlushes, pageTablePages, cycles } = stats;
  return { accesses, tlbHits, tlbMisses, walkMemRefs, guestPageFaults, hiddenPageFaults, vmExits, vmExitsByReason: { ...vmExitsByReason }, tlbFlushes, pageTablePages: { ...pageTablePages }, cycles };
}
