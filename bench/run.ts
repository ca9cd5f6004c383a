import * as os from 'os';
import { experimentFigures } from './experiment-run';
import { feedbackNamingFigures } from './feedback-naming-figures';
import { gradeFigures } from './grade-figures';
import { handoutLoopFigures } from './handout-loop';
import { Figure, formatFigures, meetsTarget } from './measure';
import { simulatorFigures } from './simulator-figures';
import { shrinkCostFigures } from './shrink-cost';
import { shrinkFigures } from './shrink-figure';

/**
 * The benchmark's sections, in the order they run: the simulator's figures
 * (simulator-figures.ts), `vmlab experiment all` (experiment-run.ts), the
 * grader's (grade-figures.ts), the student's loop in a handout
 * (handout-loop.ts), the shrunk failing cases of the shadow bugs
 * (shrink-figure.ts) with what shrinking costs a graded submission
 * (shrink-cost.ts), then how often the feedback names the realistic bugs
 * (feedback-naming-figures.ts).
 */
const SECTIONS: Readonly<Record<string, () => Promise<Figure[]>>> = {
  simulator: async () => simulatorFigures(),
  experiment: async () => experimentFigures(),
  grader: gradeFigures,
  'handout-loop': handoutLoopFigures,
  shrink: async () => [...(await shrinkFigures()), ...(await shrinkCostFigures())],
  feedback: async () => feedbackNamingFigures(),
};

/**
 * `npm run bench [-- SECTION...]`: the figures of the named sections (all of
 * them when none is named) against their targets; exit code 1 when a target
 * is missed, 2 on a wrong section name or a failed measurement.
 */
async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}; the sections are ${Object.keys(SECTIONS).join(', ')}`);
  const figures: Figure[] = [];
  for (const [name, measure] of Object.entries(SECTIONS)) {
    if (requested.length === 0 || requested.includes(name)) figures.push(...(await measure()));
  }

  process.stdout.write(`vmlab benchmark (node ${process.version}, ${os.cpus().length} cores)\n\n`);
  process.stdout.write(formatFigures(figures) + '\n');
  const missed = figures.filter((figure) => meetsTarget(figure) === false);
  process.stdout.write(missed.length === 0 ? '\nall targets met\n' : `\n${missed.length} target(s) missed\n`);
  if (missed.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
