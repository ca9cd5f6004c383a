import { Mode, ResolvedScenario } from '../scenario/types';
import { SimulationResult } from './stats';

/** Run a validated scenario on a fresh machine; `mode` overrides `machine.mode`. */
export function runScenario(scenario: ResolvedScenario, mode?: Mode): SimulationResult {
  void scenario;
  void mode;
  throw new Error('runScenario: the machine is being assembled');
}
