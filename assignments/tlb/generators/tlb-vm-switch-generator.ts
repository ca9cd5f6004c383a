import { MachineProbe } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { ScenarioBuilder } from '../../../reference/scenario/builder';
import { vmSwitchPingPong } from '../../../experiments/workloads/vm-switch-ping-pong';
import { ProbeGenerator } from '../../generators/generator';
import { Params, checkParamNames, choiceParam, fractionParam, requirePositiveCount } from '../../generators/generator-params';

/**
 * TLB sizes for the experiment, all 4-way: the machine's default, one just
 * large enough for both VMs' working sets, and one too small for them.
 */
const EXPERIMENT_ENTRIES: readonly number[] = [64, 32, 16];
const EXPERIMENT_WAYS = 4;

/** The experiments' own measured phase is 2000 rounds; a test needs a few. */
const DEFAULT_SCALE = 0.005;

/**
 * The experiment of the assignment: `vmlab experiment`'s VM-switch
 * ping-pong (two VMs taking turns on one CPU over their working sets), its
 * set-up and a few rounds of its measured phase, as one machine probe in
 * ept mode on the machine built with the student's TLB. Cases alternate
 * the `vpid` choices (VPIDs on, then off, by default) and each pair of
 * cases shares one TLB, so the hits with and without VPIDs can be compared
 * on it; the pairs take the `entries` choices in turn, from one the seed
 * picks (count 6 covers all three sizes).
 */
export const vmSwitchGenerator: ProbeGenerator = {
  name: 'tlb-vm-switch-ping-pong',
  component: 'tlb',
  description: 'the VM-switch ping-pong experiment in ept mode on the student\'s TLB, with VPIDs on and off, on one TLB geometry per pair',
  generate({ seed, count, params }) {
    checkParamNames(params, ['vpid', 'entries', 'scale']);
    requirePositiveCount(count);
    const choices = choiceParam<boolean>(params, 'vpid', [true, false]);
    const scale = fractionParam(params, 'scale', DEFAULT_SCALE);
    if (scale === 0) throw new Error('params.scale: must be above 0');
    const sizes = entriesParam(params);
    const first = new Random(seed).int(0, sizes.length - 1);
    return Array.from({ length: count }, (_, index): MachineProbe => {
      const vpid = choices[index % choices.length];
      const tlb = { entries: sizes[(first + Math.floor(index / choices.length)) % sizes.length], ways: EXPERIMENT_WAYS };
      const settings = { guestLargePages: false, scale };
      const scenario = new ScenarioBuilder({ name: `${vmSwitchPingPong.name}-${vpid ? 'vpid' : 'no-vpid'}-${tlb.entries}x${tlb.ways}`, machine: { mode: 'ept', vpid, tlb } });
      vmSwitchPingPong.setUp(scenario, settings);
      vmSwitchPingPong.measured(scenario, settings);
      return { kind: 'machine', scenario: scenario.build(), snapshots: 'end' };
    });
  },
};

function entriesParam(params: Params): readonly number[] {
  const value = params.entries;
  if (value === undefined) return EXPERIMENT_ENTRIES;
  if (!Array.isArray(value) || value.length === 0 || !value.every((entries) => EXPERIMENT_ENTRIES.includes(entries as number))) {
    throw new Error(`params.entries: must be a non-empty list of ${EXPERIMENT_ENTRIES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as number[];
}
