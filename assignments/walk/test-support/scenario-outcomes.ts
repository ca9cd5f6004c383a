import { MachineProbe, Probe } from '../../../observe/probe-types';
import { Outcome } from '../../../reference/scenario/types';

/** A scenario outcome in a few characters: `read=7`, `write`, `write!protection`, `pte:w-ad` (writable, executable, accessed, dirty) or `pte:absent`. */
export function describeOutcome(outcome: Outcome): string {
  if ('fault' in outcome) return `${outcome.op}!${outcome.fault}`;
  if ('value' in outcome) return `${outcome.op}=${outcome.value}`;
  if (outcome.op === 'inspect') {
    const { pte } = outcome;
    if (!pte.present) return 'pte:absent';
    return `pte:${pte.writable ? 'w' : '-'}${pte.executable ? 'x' : '-'}${pte.accessed ? 'a' : '-'}${pte.dirty ? 'd' : '-'}`;
  }
  return outcome.op;
}

export function machineProbe(probe: Probe): MachineProbe {
  if (probe.kind !== 'machine') throw new Error(`expected a machine probe, got a ${probe.kind} probe`);
  return probe;
}
