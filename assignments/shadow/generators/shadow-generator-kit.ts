import { ComponentName } from '../../../reference/components';
import { MachineProbe } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { MachineOptions } from '../../../reference/scenario/types';
import { ProbeGenerator } from '../../generators/generator';
import { ShadowScenarioBuilder } from './shadow-scenario-builder';
import { checkParamNames, Params, requirePositiveCount } from '../../generators/generator-params';

type Snapshots = NonNullable<MachineProbe['snapshots']>;
const SNAPSHOT_CHOICES: readonly Snapshots[] = ['every-event', 'end', 'none'];

export function snapshotsParam(params: Params, fallback: Snapshots): Snapshots {
  const value = params.snapshots ?? fallback;
  if (!SNAPSHOT_CHOICES.includes(value as Snapshots)) {
    throw new Error(`params.snapshots: must be one of ${SNAPSHOT_CHOICES.map((choice) => JSON.stringify(choice)).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as Snapshots;
}

/**
 * A generator of hand-shaped shadow-mode scenarios: `shape` writes one
 * scenario into the builder, drawing every free choice (addresses, sizes,
 * protections, orders, values) from the builder's Random. Cases come from one
 * stream seeded by the request, so a seed always gives the same probes.
 * Snapshots default to every event: these scenarios are short, and the state
 * after each step is what the checks are about. `machine` adds machine
 * options to every scenario (shadow mode is always set).
 */
export function shapedGenerator(
  name: string,
  component: ComponentName,
  description: string,
  shape: (builder: ShadowScenarioBuilder) => void,
  machine: Omit<MachineOptions, 'mode'> = {},
): ProbeGenerator {
  return {
    name,
    component,
    description,
    generate({ seed, count, params }) {
      checkParamNames(params, ['snapshots']);
      requirePositiveCount(count);
      const snapshots = snapshotsParam(params, 'every-event');
      const random = new Random(seed);
      return Array.from({ length: count }, (_, index) => {
        const builder = new ShadowScenarioBuilder(new Random(random.uint32()), `${name}-${seed}-${index + 1}`, machine);
        shape(builder);
        return builder.probe(snapshots);
      });
    },
  };
}
