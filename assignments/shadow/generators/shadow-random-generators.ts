import { ComponentName } from '../../../reference/components';
import { Random } from '../../../reference/scenario/random';
import { generateScenario } from '../../../reference/scenario/generate';
import { ProbeGenerator } from '../../generators/generator';
import { snapshotsParam } from './shadow-generator-kit';
import { checkParamNames, integerParam, Params, requirePositiveCount } from '../../generators/generator-params';

interface RandomDefaults {
  readonly events: number;
  readonly vms: number;
  readonly processesPerVm: number;
}

function booleanParam(params: Params, name: string, fallback: boolean): boolean {
  const value = params[name] ?? fallback;
  if (typeof value !== 'boolean') throw new Error(`params.${name}: must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Random shadow-mode workloads from the scenario generator (vmlab generate):
 * every operation mixed, as a long run produces them. Snapshots default to
 * the end of the run: after hundreds of events the final state, the outcomes
 * and the per-event exits carry the evidence, at a fraction of the size.
 */
function randomMixGenerator(name: string, component: ComponentName, description: string, defaults: RandomDefaults): ProbeGenerator {
  return {
    name,
    component,
    description,
    generate({ seed, count, params }) {
      checkParamNames(params, ['events', 'vms', 'processesPerVm', 'vpid', 'snapshots']);
      requirePositiveCount(count);
      const events = integerParam(params, 'events', defaults.events, 1, 5000);
      const vms = integerParam(params, 'vms', defaults.vms, 1, 4);
      const processesPerVm = integerParam(params, 'processesPerVm', defaults.processesPerVm, 1, 8);
      const vpid = booleanParam(params, 'vpid', true);
      const snapshots = snapshotsParam(params, 'end');
      const random = new Random(seed);
      return Array.from({ length: count }, () => ({
        kind: 'machine' as const,
        snapshots,
        scenario: generateScenario({ seed: random.uint32(), events, vms, processesPerVm, machine: { mode: 'shadow', vpid } }),
      }));
    },
  };
}

/** Many processes, VMs taking turns: switches, forks, exits and table churn, where sync is tested hardest. */
export const randomSyncGenerator = randomMixGenerator(
  'shadow-random-mix',
  'shadowSync',
  'Random shadow-mode workloads (every operation, several processes; vms, events, processesPerVm, vpid, snapshots adjustable).',
  { events: 200, vms: 1, processesPerVm: 3 },
);

/** One process per VM: few switches, so the run is mostly accesses, faults and A/D traffic for the handler. */
export const randomAccessesGenerator = randomMixGenerator(
  'shadow-random-accesses',
  'hiddenFaultHandler',
  'Random shadow-mode workloads with one process per VM: mostly accesses, true faults and A/D traffic.',
  { events: 150, vms: 1, processesPerVm: 1 },
);
