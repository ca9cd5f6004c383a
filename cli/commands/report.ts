import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface ReportCommandOptions {
  results?: string;
  comments?: string;
  out?: string;
  afterDueDate?: boolean;
}

/** `vmlab report`: a student's report again, from their results.json, with TA comments merged in. */
export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .summary("regenerate a student's report from results.json, with TA comments")
    .description(
      "Write a student's HTML report again from the results.json a grading wrote, without grading again: after a " +
        'template change, to open the after-due-date tests, or to add a TA\'s comments. The comments file is Markdown: ' +
        'what comes before the first "## <test id>" heading is about the whole submission; each such section is ' +
        'about that test; a heading naming a test the results do not have is refused with its file and line. Comments are rendered safely: raw HTML stays text, and only http(s) and mailto links are kept.',
    )
    .option('--results <file>', 'the results.json of one student (required)')
    .option('--comments <file>', 'TA comments, Markdown')
    .option('--out <file>', 'the report to write (default: report.html beside the results)')
    .option('--after-due-date', 'show the tests whose visibility is after_due_date in full')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab report --results out/walk-class/chen/results.json --comments chen-comments.md
  $ vmlab report --results out/walk-class/chen/results.json --after-due-date --out /tmp/chen.html

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: ReportCommandOptions, command: Command) => {
      const resultsFile = mandatory(command, '--results <file>', options.results);
      const { defaultReportFile, regenerateReport } = await import('../../grader/report/regenerate-report');
      const out = options.out ?? defaultReportFile(resultsFile);
      await checkOutputTarget(out, 'file');
      const written = await regenerateReport({ resultsFile, commentsFile: options.comments, out, afterDueDate: options.afterDueDate === true });
      io.stdout.write(`wrote ${written}\n`);
    });
}
