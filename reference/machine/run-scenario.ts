import { Components } from '../components';
import { Mode, Outcome, ResolvedScenario } from '../scenario/types';
import { Machine } from './machine';
import { SimulationResult } from '../hardware/stats';

/** Run a validated scenario on a fresh machine built from `components`; `mode` overrides `machine.mode`. */
export function runScenario(scenario: ResolvedScenario, components: Components, mode?: Mode): SimulationResult {
  const machine = new Machine({ ...scenario.machine, mode: mode ?? scenario.machine.mode }, components);
  const outcomes: Outcome[] = [];
  for (const event of scenario.events) {
    const outcome = machine.run(event);
    if (outcome !== null) outcomes.push(outcome);
  }
  return { mode: machine.options.mode, outcomes, stats: machine.stats() };
}
