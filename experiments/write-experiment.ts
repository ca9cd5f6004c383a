import { mkdir } from 'fs/promises';
import * as path from 'path';
import { writeFileAtomically } from '../io/write-file-atomically';
import { describeFsError } from '../io/fs-errors';
import { VmlabError } from '../reference/errors';
import { ExperimentResults } from './experiment-types';
import { renderExperimentPage } from './page/render-experiment-page';
import { runExperiments, selectWorkloads } from './run-experiments';

export interface WriteExperimentOptions {
  /** A workload's name, or "all". */
  readonly name: string;
  readonly out: string;
  /** The fraction of each measured phase to run (1: all of it). */
  readonly scale?: number;
  /** Before each run; called with null when all are done. */
  readonly progress?: (done: number, total: number, next: { readonly workload: string; readonly configuration: string } | null) => void;
}

export interface WrittenExperiment {
  readonly page: string;
  readonly results: string;
  /** One line per claim checked: holds or not, and the model's figure. */
  readonly claims: string;
}

/**
 * Run the experiment and write DIR/results.json and DIR/index.html, each
 * atomically: a run that fails leaves the files in the folder as they were.
 */
export async function writeExperiment(options: WriteExperimentOptions): Promise<WrittenExperiment> {
  const workloads = selectWorkloads(options.name);
  // The folder first: a bad --out is refused before seconds of simulation, not after.
  try {
    await mkdir(options.out, { recursive: true });
  } catch (error) {
    throw new VmlabError('IO', `${options.out}: cannot create the folder: ${describeFsError(error)}`);
  }
  const results: ExperimentResults = runExperiments(workloads, options.progress, options.scale);
  options.progress?.(workloads.length, workloads.length, null);
  const page = renderExperimentPage(results);
  const resultsFile = path.join(options.out, 'results.json');
  const pageFile = path.join(options.out, 'index.html');
  await writeFileAtomically(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomically(pageFile, page);
  const claims = results.claims.map((claim) => `${claim.holds ? 'holds ' : 'FAILS '} ${claim.claim}: ${claim.model}`).join('\n');
  return { page: pageFile, results: resultsFile, claims };
}
