import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT, EXIT_STATUS_HELP } from '../../io/exit-codes';
import { checkOutputTarget } from '../output-target';
import { addLateOptions, anyLateOption, LATE_WORK_HELP, LateCommandOptions, lateWorkOptions } from '../late-options';

interface ReportCommandOptions extends LateCommandOptions {
  results?: string;
  class?: string;
  comments?: string;
  adjustments?: string;
  roster?: string;
  out?: string;
  afterDueDate?: boolean;
}

/**
 * `vmlab report`: a student's report, or a whole class's, again from results.json, with TA comments and adjustments.
 * `setExitCode` reports a class redraw in which some student could not be redrawn.
 */
export function registerReport(program: Command, io: CliIo, setExitCode: (code: number) => void = () => undefined): void {
  const command = program
    .command('report')
    .summary('redraw reports from results.json (one student or a class), with TA comments and score adjustments')
    .description(
      "Draw reports again from the results.json a grading wrote, without grading: after a template change, to open the " +
        'after-due-date tests, to add TA comments or score adjustments. --results FILE redraws one student\'s report.html; ' +
        '--class OUT redraws every OUT/<student>/report.html and results.json, then OUT/grades.csv, the staff pages of OUT/staff/ and OUT/summary.html. ' +
        'A comments file is Markdown: what comes before the first "## " heading is about the whole submission; each "## " ' +
        'section is about the test its heading names, by id or by the name the report shows ("## Hidden test 2 (rights)"); ' +
        'a "## " heading naming no test is refused with its file and line ("#" and "###" headings are comment text). ' +
        'Comments are kept beside the results (OUT/<student>/comments.md) and adjustments too (adjustments.json): every ' +
        'later redraw and regrade draws them. Comments are rendered safely: raw HTML stays text, only http(s) and mailto ' +
        'links are kept. An adjustments file is CSV with the columns student, target (a test id, a part id or total), ' +
        'points (+2, -1.5, or =7 to set), reason, who: the class\'s whole set, replacing the adjustments kept before; a ' +
        'row naming no student, test or part, or that is not one, is refused with its file and line before anything is ' +
        'written. Adjusted scores are what the report, grades.csv, the summary and results.json\'s score show; ' +
        "extra_data.vmlab keeps the grading's own. With --class, a student whose results.json cannot be read is named " +
        'and the others are redrawn (exit status 1).\n\n' +
        LATE_WORK_HELP +
        ' With --class, the late-work options change the policy and extensions kept in OUT (a field not given stays); ' +
        'with --results, the late work kept beside the results is applied.',
    )
    .option('--results <file>', 'the results.json of one student')
    .option('--class <dir>', 'the OUT folder of `vmlab grade --submissions`: redraw every student, grades.csv and summary.html')
    .option('--comments <path>', 'TA comments, Markdown: a file with --results; with --class a folder of <student>.md files')
    .option('--adjustments <file>', 'with --class: score adjustments, CSV (student,target,points,reason,who)')
    .option('--roster <file>', 'with --class: the class roster, joined into grades.csv and the summary as `vmlab grade --roster` does, and kept in place of the one kept in OUT (without it, the kept one is joined)')
    .option('--out <file>', 'with --results: the report to write (default: report.html beside the results)')
    .option('--after-due-date', 'show the tests whose visibility is after_due_date in full');
  addLateOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab report --results out/walk-class/chen/results.json --comments chen-comments.md
  $ vmlab report --results out/walk-class/chen/results.json --after-due-date --out /tmp/chen.html
  $ vmlab report --class out/walk-class --comments ta-comments/ --adjustments adjustments.csv
  $ vmlab report --class out/walk-class --after-due-date        # keeps the comments, adjustments and late work given before
  $ vmlab report --class out/walk-class --due 2024-03-03T23:59-05:00 --extensions extensions.csv

An extensions file:
  student,due,extra,reason
  chen,2024-03-05T23:59-05:00,,medical
  lee,,2d,family emergency

An adjustments file:
  student,target,points,reason,who
  chen,walk.public.write-protect,+2,regrade: the spec was ambiguous on WP,ada
  lee,total,-3,code copied from a classmate (academic integrity case 12),ada
  kim,translation,=10,override after office hours,bob

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: ReportCommandOptions, command: Command) => {
      const refuse = (message: string) => command.error(`error: ${message}`, { code: 'commander.conflictingOption' });
      if ((options.results === undefined) === (options.class === undefined)) refuse("give exactly one of '--results <file>' and '--class <dir>'");
      if (options.class === undefined) {
        if (options.adjustments !== undefined || options.roster !== undefined) refuse("'--adjustments' and '--roster' are for a class: use them with '--class <dir>'");
        if (anyLateOption(options)) refuse("the late-work options are for a class: use them with '--class <dir>' (with --results, the late work kept beside the results applies)");
        const resultsFile = options.results!;
        const { defaultReportFile, regenerateReport } = await import('../../grader/report/regenerate-report');
        const out = options.out ?? defaultReportFile(resultsFile);
        await checkOutputTarget(out, 'file');
        const written = await regenerateReport({ resultsFile, commentsFile: options.comments, out, afterDueDate: options.afterDueDate === true });
        io.stdout.write(`wrote ${written}\n`);
        return;
      }
      if (options.out !== undefined) refuse("'--out <file>' is for one student: a class is redrawn in place");
      await checkOutputTarget(options.class, 'folder');
      const roster = options.roster === undefined ? undefined : (await import('../../grader/gradebook/roster')).readRoster(options.roster);
      const { redrawClass } = await import('../../grader/batch/redraw-class');
      const outcome = await redrawClass({ classDir: options.class, afterDueDate: options.afterDueDate === true, commentsDir: options.comments, adjustmentsFile: options.adjustments, roster, late: lateWorkOptions(options), warn: (warning) => io.stderr.write(`vmlab: warning: ${warning}\n`) });
      for (const { message } of outcome.problems) io.stderr.write(`vmlab: ${message}\n`);
      if (outcome.ungraded.length > 0) io.stderr.write(`vmlab: warning: no results.json (not graded), left as they are: ${outcome.ungraded.join(', ')}\n`);
      if (outcome.unmatched.length > 0) io.stderr.write(`vmlab: warning: kept adjustments whose test or part the results no longer have, not applied: ${outcome.unmatched.join(', ')}\n`);
      const failed = outcome.problems.length > 0 ? `; ${outcome.problems.length} could not be redrawn` : '';
      io.stdout.write(`redrew ${outcome.redrawn} students${failed}; wrote ${outcome.csvFile} and ${outcome.summaryFile}\n`);
      if (outcome.problems.length > 0) setExitCode(EXIT.problem);
    });
}
