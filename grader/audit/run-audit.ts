import * as os from 'os';
import * as path from 'path';
import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { componentMutants, sampleEvenly } from './component-mutants';
import { Mutant, MutantOutcome } from './mutant';
import { runMutants } from './run-mutants';

/** The share of mutants the suites of an assignment should kill. */
export const KILL_RATE_TARGET = 0.95;

export interface AuditRequest {
  readonly repoRoot: string;
  readonly assignment: LoadedAssignment;
  /** Evaluate only this many mutants, spread evenly over all of them. */
  readonly limit?: number;
  readonly workers?: number;
  readonly mutantSeconds?: number;
  readonly onOutcome?: (mutant: Mutant, outcome: MutantOutcome) => void;
}

export interface KillTally {
  readonly killed: number;
  /** Mutants evaluated, less the survivors the source marks equivalent (they are counted in `equivalent`). */
  readonly total: number;
  /** killed / total; 1 when there is nothing to kill. */
  readonly killRate: number;
  /** Survivors the source marks equivalent to the reference, each with its reason (equivalent-marks.ts). */
  readonly equivalent: number;
}

export interface AuditedMutant extends Mutant {
  readonly outcome: MutantOutcome;
}

export interface AuditReport extends KillTally {
  readonly assignment: string;
  /** Mutants generated; `total` counts the ones evaluated (fewer with a limit). */
  readonly generated: number;
  readonly limit?: number;
  readonly target: number;
  readonly targetMet: boolean;
  readonly byComponent: ReadonlyArray<KillTally & { readonly component: ComponentName }>;
  readonly byFile: ReadonlyArray<KillTally & { readonly component: ComponentName; readonly file: string }>;
  readonly mutants: readonly AuditedMutant[];
  /** Mutants the source marks equivalent that a test killed: the mark is wrong (counted as killed). */
  readonly wronglyMarked: readonly AuditedMutant[];
  readonly seconds: number;
}

/**
 * Mutate the reference solution of each assessed component and run the
 * assignment's public and hidden suites on every mutant. Before any mutant,
 * the unmutated source runs the same way: if that control fails a test, the
 * audit itself is broken and nothing it says about mutants could be trusted.
 */
export async function runAudit(request: AuditRequest): Promise<AuditReport> {
  const started = Date.now();
  const { assignment, repoRoot } = request;
  const all = componentMutants(repoRoot, assignment.manifest.assesses);
  const mutants = sampleEvenly(all, request.limit);
  const control = controlMutant(assignment.manifest.assesses[0]);
  let controlOutcome: MutantOutcome | undefined;
  const outcomes = await runMutants({
    repoRoot,
    assignmentDir: assignment.dir,
    mutants: [control, ...mutants],
    workers: request.workers ?? Math.max(1, Math.min(4, os.availableParallelism() - 1)),
    mutantSeconds: request.mutantSeconds ?? 30,
    onOutcome: (mutant, outcome) => (mutant === control ? (controlOutcome = outcome) : request.onOutcome?.(mutant, outcome)),
  });
  if (controlOutcome?.status !== 'survived') {
    throw new Error(`vmlab internal error: the unmutated reference fails the audit: ${JSON.stringify(controlOutcome)}`);
  }
  const audited = mutants.map((mutant, index) => ({ ...mutant, outcome: outcomes[index + 1] }));
  const tally = tallyOf(audited);
  return {
    assignment: assignment.manifest.id,
    generated: all.length,
    ...(request.limit === undefined ? {} : { limit: request.limit }),
    ...tally,
    target: KILL_RATE_TARGET,
    targetMet: tally.killRate >= KILL_RATE_TARGET,
    byComponent: assignment.manifest.assesses.map((component) => ({ component, ...tallyOf(audited.filter((m) => m.component === component)) })),
    byFile: [...new Set(audited.map((m) => `${m.component}\0${m.file}`))].map((key) => {
      const [component, file] = key.split('\0') as [ComponentName, string];
      return { component, file, ...tallyOf(audited.filter((m) => m.component === component && m.file === file)) };
    }),
    mutants: audited,
    wronglyMarked: audited.filter((m) => m.equivalent !== undefined && m.outcome.status === 'killed'),
    seconds: (Date.now() - started) / 1000,
  };
}

/** Kill rate over the mutants that could be killed: a survivor the source marks equivalent is set apart, not counted against the suites. */
export function tallyOf(mutants: readonly AuditedMutant[]): KillTally {
  const counted = mutants.filter((m) => !(m.equivalent !== undefined && m.outcome.status === 'survived'));
  const killed = counted.filter((m) => m.outcome.status === 'killed').length;
  return { killed, total: counted.length, killRate: counted.length === 0 ? 1 : killed / counted.length, equivalent: mutants.length - counted.length };
}

/** An empty edit at the start of the component's main file: the reference as it is. */
function controlMutant(component: ComponentName): Mutant {
  const file = COMPONENT_REGISTRY[component].solution.files[0];
  return { id: `${path.basename(file)}:control`, kind: 'none', component, file, start: 0, end: 0, replacement: '', line: 1, column: 1, before: '', after: '' };
}
