import { VmlabError } from '../reference/errors';
import { DEFAULT_COST_MODEL } from '../reference/hardware/cost-model';
import { checkClaims } from './claims';
import { CONFIGURATIONS } from './configurations';
import { ConfigurationResult, ExperimentResults, WorkloadResult } from './experiment-types';
import { runWorkload } from './run-workload';
import { WORKLOADS } from './workloads';
import { Workload } from './workloads/workload';

/** What `vmlab experiment` accepts: a workload's name, or every workload. */
export const EXPERIMENT_NAMES: readonly string[] = [...WORKLOADS.map((workload) => workload.name), 'all'];

/** Told before each run, so a caller can show progress. */
export type ExperimentProgress = (done: number, total: number, next: { readonly workload: string; readonly configuration: string }) => void;

/** The workloads `name` selects; an unknown name is a usage error that lists the known ones. */
export function selectWorkloads(name: string): readonly Workload[] {
  if (name === 'all') return WORKLOADS;
  const workload = WORKLOADS.find((candidate) => candidate.name === name);
  if (workload === undefined) throw new VmlabError('OPTION_INVALID', `unknown experiment "${name}"; expected one of ${EXPERIMENT_NAMES.join(', ')}`);
  return [workload];
}

/**
 * Run each workload under every configuration, then check the published
 * claims the runs bear on. `scale` shortens the measured phases (tests run a
 * fraction; `vmlab experiment` runs them whole).
 */
export function runExperiments(workloads: readonly Workload[], progress: ExperimentProgress = () => undefined, scale = 1): ExperimentResults {
  const total = workloads.length * CONFIGURATIONS.length;
  let done = 0;
  const results: WorkloadResult[] = workloads.map((workload) => {
    let events = 0;
    const runs: ConfigurationResult[] = CONFIGURATIONS.map((configuration) => {
      progress(done, total, { workload: workload.name, configuration: configuration.id });
      const { events: played, ...run } = runWorkload(workload, configuration, scale);
      events = played;
      done++;
      return run;
    });
    return { workload: workload.name, title: workload.title, description: workload.description(scale), events, runs };
  });
  return { scale, costModel: DEFAULT_COST_MODEL, configurations: CONFIGURATIONS, workloads: results, claims: checkClaims(results) };
}
