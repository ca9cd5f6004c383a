import { runReferenceScenario } from '../../reference/reference-components';
import { MODES, Mode, Outcome, ResolvedScenario } from '../../reference/scenario/types';
import { runModel } from './guest-visible-model';

function describeEvent(scenario: ResolvedScenario, index: number): string {
  const event = scenario.events[index];
  if (event === undefined) return `events[${index}] (no such event)`;
  return `events[${index}] ${JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? '0x' + value.toString(16) : value))}`;
}

/**
 * Where two outcome lists first part, in words: the event it belongs to, and
 * what each side said. Null when the lists are equal.
 */
export function firstDifference(scenario: ResolvedScenario, expected: readonly Outcome[], actual: readonly Outcome[]): string | null {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    const want = expected[i];
    const got = actual[i];
    if (canonical(want) === canonical(got)) continue;
    const event = (want ?? got)!.event;
    return `outcome #${i}, for ${describeEvent(scenario, event)}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
  }
  return null;
}

/** An outcome as text with its keys sorted (and the pte's): compared by content, whatever the key order. */
function canonical(outcome: Outcome | undefined): string | undefined {
  return JSON.stringify(outcome, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value,
  );
}

/**
 * Run a scenario in every mode and compare each mode's outcomes with the
 * independent model's, and each mode's count of guest page faults with the
 * model's (how many faults its kernel handles is something the guest sees).
 * Returns one line per disagreement, each naming the scenario and the mode.
 */
export function modeDisagreements(scenario: ResolvedScenario, label: string, modes: readonly Mode[] = MODES): string[] {
  const model = runModel(scenario.events);
  const problems: string[] = [];
  for (const mode of modes) {
    const result = runReferenceScenario(scenario, mode);
    const difference = firstDifference(scenario, model.outcomes, result.outcomes);
    if (difference !== null) problems.push(`${label}, mode ${mode}: ${difference}`);
    if (result.stats.guestPageFaults !== model.guestPageFaults) {
      problems.push(`${label}, mode ${mode}: the guest handled ${result.stats.guestPageFaults} page faults, the model expects ${model.guestPageFaults}`);
    }
  }
  return problems;
}
