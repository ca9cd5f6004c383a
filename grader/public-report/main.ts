import * as path from 'path';
import { CliIo, processIo } from '../../io/cli-io';
import { EXIT } from '../../io/exit-codes';
import { reportError } from '../../io/report-error';
import { describeProblem } from '../compile/compile-problem';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { gradePublicSuite } from './grade-public-suite';
import { PUBLIC_REPORT_FOLDER } from './public-report-files';

/**
 * `npm run report` in a handout: grade the student files against the public
 * suite, write report/results.json and report/report.html, and say the score
 * and where the report is. The exit status is 0 when the report is written,
 * whatever the score; a failing test is news for the report, not an error.
 */
export async function runPublicReport(io: CliIo = processIo(), handoutRoot: string = vmlabRoot()): Promise<number> {
  const out = path.join(handoutRoot, PUBLIC_REPORT_FOLDER);
  try {
    io.stderr.write('grading your files against the public tests, as the grader will…\n');
    const results = await gradePublicSuite(handoutRoot, out);
    io.stdout.write(summary(results, out));
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  }
}

function summary(results: SubmissionResults, out: string): string {
  const passed = results.tests.filter((test) => test.failure === undefined).length;
  const lines = [`${results.assignment.title}: ${Math.round(results.score * 100) / 100} of ${results.maxScore} points on the public tests (${passed} of ${results.tests.length} tests pass).`];
  for (const broken of results.compile) {
    lines.push(`  ${broken.component} ${broken.reason === 'missing' ? 'is missing' : 'does not compile'}, so its tests did not run: ${describeProblem(broken.problems[0])}`);
  }
  lines.push(`Report: ${shown(path.join(out, 'report.html'))} (results: ${shown(path.join(out, 'results.json'))})`);
  return lines.join('\n') + '\n';
}

/** A path as short as it can be said from where the command was run. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
