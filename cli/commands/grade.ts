import { Command } from 'commander';
import { readFileSync } from 'fs';
import { availableParallelism } from 'os';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { studentSeedFromId } from '../../grader/batch/student-seed-from-id';
import { CliIo } from '../../io/cli-io';
import { EXIT, EXIT_STATUS_HELP } from '../../io/exit-codes';
import { describeFsError } from '../../io/fs-errors';
import { integerIn } from '../integer-option';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';
import { addLateOptions, LATE_WORK_HELP, LateCommandOptions, lateWorkOptions } from '../late-options';
import type { GradescopeSubmissionTimes } from '../../grader/late/gradescope-submission-metadata';

interface GradeCommandOptions extends LateCommandOptions {
  assignment?: string;
  submission?: string;
  submissions?: string;
  out?: string;
  student?: string;
  seed?: number;
  seedFromId?: boolean;
  secretFile?: string;
  jobs?: number;
  force?: boolean;
  afterDueDate?: boolean;
  shrink?: boolean;
  roster?: string;
  submittedTime?: string;
  submissionMetadata?: string;
}

/**
 * `vmlab grade`: grade one submission (--submission) or a whole class
 * (--submissions) against the assignment's suites, in the sandbox.
 * `setExitCode` reports a batch in which some student could not be graded;
 * main() must pass it for that to show in the exit status.
 */
export function registerGrade(program: Command, io: CliIo, setExitCode: (code: number) => void = () => undefined): void {
  const command = program
    .command('grade')
    .summary('grade one submission, or a class of them, against every suite of an assignment')
    .description(
      "Compile the submission's student files, run their tests in a locked-down child process that returns only " +
        'observations, judge every case against the reference here, and write OUT/results.json (Gradescope format, ' +
        'with the full results under extra_data.vmlab) and OUT/report.html. Each failing visible test\'s first failing case ' +
        'is shrunk on the student\'s code to a smaller one that fails the same way, shown in the report and written as ' +
        'OUT/cases/<test>.json, which the student runs with `npm run case -- <file>` in the handout (--no-shrink: ' +
        'faster, without them). A file that is missing or does not compile ' +
        'fails only the tests of its component; a hang, crash or memory blow-up fails only the test it happened in. ' +
        'A --submission folder that holds no student file itself but several folders that do (a class) is refused; ' +
        'one with none of the student files is graded, with a warning.\n\n' +
        'With --submissions DIR, grade a class: DIR holds one folder per student, named by the student id (folders ' +
        'starting with a dot are skipped), or is a Gradescope submissions export (submission_metadata.yml and one ' +
        "submission_NNN folder per submission; a submitter's id is their :sid:, else their :email:, else the folder " +
        "name; a group submission is graded once, as its first submitter, and each partner gets the same results in " +
        "their own folder and row), or the folder `gh classroom clone student-repos` writes (<assignment>-submissions, " +
        'one <assignment>-<login> repository per student: the id is the login, the repository name less the assignment ' +
        "slug and its hyphen; the submission time, for late work, is the repository's last commit, or its student files' " +
        "newest modification time when git cannot tell; .git is never graded). A DIR that holds one student's files itself (starter/src/walker.ts, or walker.ts, " +
        'rather than a folder per student), holds no student folder, or has malformed metadata is refused before grading. Each student gets OUT/<student>/results.json and report.html; then OUT/grades.csv and ' +
        'OUT/summary.html are rebuilt from every results.json, with the staff-only pages of OUT/staff/ (a student × test grid, ' +
        'students grouped by mistake, each student with hidden tests in full) that the summary links. With --roster FILE (CSV: an id column, the ids the ' +
        'submissions are under, plus any of name, email, SIS User ID, SIS Login ID and section), grades.csv gains those ' +
        'columns and a roster_status, every roster student without a submission gets a row, and the summary names them ' +
        'and the submissions from ids the roster lacks; a roster without an id column, with an id twice or not CSV is ' +
        'refused before grading, with its file and line. The roster is kept in OUT/roster.json: later re-runs, ' +
        '`vmlab report --class` and `vmlab export` join it without being given it again (a new --roster replaces it). A re-run grades only the students without a readable ' +
        'results.json (--force: all). A student who cannot be graded is reported and the batch goes on (exit status 1).\n\n' +
        LATE_WORK_HELP +
        ' The submission time comes from the source (a Gradescope export\'s :created_at:, a GitHub Classroom repository\'s last ' +
        'commit, --submission-metadata), else, with --submitted-time file, from the student files\' newest modification time.\n\n' +
        'OUT is checked before anything is graded: a file, a folder you cannot write in or a nearly full disk is refused (exit status 2).',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--submission <dir>', 'one submission: a folder with the student files at their handout paths')
    .option('--submissions <dir>', 'a class: one folder per student, GitHub Classroom repositories, or a Gradescope submissions export')
    .option('--out <dir>', 'where to write the results (required)')
    .option('--student <id>', 'with --submission: the student id shown in the results (default: the submission folder name)')
    .option('--seed <n>', "with --submission: reseed the generated tests with this student seed (reproduces a student's variant)", integerIn(0, 0xffff_ffff))
    .option('--seed-from-id', "seed each student's generated tests with HMAC-SHA256(secret, student id) (needs --secret-file)")
    .option('--secret-file <file>', 'the course secret for --seed-from-id (the whole file, less a final newline)')
    .option('--jobs <n>', 'with --submissions: students graded at once (default: the number of cores)', integerIn(1, 256))
    .option('--force', 'with --submissions: regrade students who already have results')
    .option('--after-due-date', 'show after_due_date tests in full in the report')
    .option('--roster <file>', 'with --submissions: the class roster (CSV with an id column) to join into grades.csv and the summary')
    .option('--submitted-time <source>', "late work: 'source' (default: the export's or repository's time only) or 'file' (else the student files' newest modification time)")
    .option('--submission-metadata <file>', "with --submission: Gradescope's submission_metadata.json (its created_at is the submission time, its due_date the due date unless --due is given; a later due date of the student's own is an extension)")
    .option('--no-shrink', "don't shrink failing visible cases (faster; no OUT/cases/ files, no smaller case in the report)");
  addLateOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab grade --assignment assignments/walk --submission my-walk --out /tmp/walk-results
  $ vmlab grade --assignment assignments/shadow --submission class/alice --out /tmp/alice --seed 1234
  $ vmlab grade --assignment assignments/walk --submissions class --out /tmp/walk-class --jobs 4
  $ vmlab grade --assignment assignments/walk --submissions class --out /tmp/walk-class --roster roster.csv
  $ vmlab grade --assignment assignments/walk --submissions walk-submissions --out /tmp/walk-class
  $ vmlab grade --assignment assignments/walk --submissions export --out /tmp/walk-class --seed-from-id --secret-file secret.txt
  $ vmlab grade --assignment assignments/walk --submissions export --out /tmp/walk-class --due 2024-03-01T23:59 --time-zone America/New_York --late-penalty 10%/day --late-cap 50% --grace 15m --extensions extensions.csv

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: GradeCommandOptions, command: Command) => {
      const assignmentDir = mandatory(command, '--assignment <dir>', options.assignment);
      const out = mandatory(command, '--out <dir>', options.out);
      checkCombinations(command, options);
      await checkOutputTarget(out, 'folder');
      const seedSecret = options.seedFromId === true ? readSecret(options.secretFile!) : undefined;
      const roster = options.roster === undefined ? undefined : (await import('../../grader/gradebook/roster')).readRoster(options.roster);
      const afterDueDate = options.afterDueDate ?? false;
      const shrink = options.shrink ?? true;
      // Said before any grading, once: a host without some of the sandbox's fences grades with less isolation.
      const { warnMissingFences } = await import('../../grader/sandbox/fences');
      warnMissingFences((text) => io.stderr.write(text));

      if (options.submissions === undefined) {
        const submission = options.submission!;
        const student = options.student ?? path.basename(path.resolve(submission));
        const seed = seedSecret === undefined ? options.seed : studentSeedFromId(student, seedSecret);
        const { gradeToFolder } = await import('../../grader/grade/grade-to-folder');
        const warn = (warning: string) => io.stderr.write(`vmlab: warning: ${warning}\n`);
        const metadata = options.submissionMetadata === undefined ? undefined : await submissionTimes(options.submissionMetadata, warn);
        const results = await gradeToFolder({
          assignmentDir, submission, out, student, seed, afterDueDate, shrink, warn,
          late: lateWorkOptions(options),
          submittedTimeFromFiles: options.submittedTime === 'file',
          ...(metadata?.submittedAt === undefined ? {} : { submittedAt: metadata.submittedAt }),
          ...(metadata?.extension === undefined ? {} : { platformExtension: metadata.extension }),
          ...(metadata?.dueAt === undefined ? {} : { platformDue: metadata.dueAt }),
        });
        io.stdout.write(`${results.student}: ${Math.round(results.score * 100) / 100} of ${results.maxScore} points; wrote ${out}/results.json and ${out}/report.html\n`);
        return;
      }

      const { gradeBatch } = await import('../../grader/batch/grade-batch');
      const { batchProgress } = await import('../../grader/batch/batch-progress');
      const outcome = await gradeBatch({
        assignmentDir,
        submissionsDir: options.submissions,
        out,
        jobs: options.jobs ?? availableParallelism(),
        force: options.force ?? false,
        afterDueDate,
        shrink,
        seedSecret,
        roster,
        late: lateWorkOptions(options),
        submittedTimeFromFiles: options.submittedTime === 'file',
        warn: (warning) => io.stderr.write(`vmlab: warning: ${warning}\n`),
        progress: (total) => batchProgress(io.stderr, total),
      });
      const skipped = outcome.alreadyGraded > 0 ? ` (${outcome.alreadyGraded} already graded)` : '';
      const failed = outcome.failed.length > 0 ? `; ${outcome.failed.length} could not be graded` : '';
      io.stdout.write(`graded ${outcome.graded} of ${outcome.submissions} submissions${skipped}${failed}; wrote ${outcome.csvFile} and ${outcome.summaryFile}\n`);
      if (outcome.failed.length > 0) setExitCode(EXIT.problem);
    });
}

/**
 * Gradescope's submission times, or none when its metadata file cannot be
 * read as expected: said, and the submission is graded all the same (its
 * time is then unknown, which late work flags rather than penalises).
 * Grading must not fail over a platform file's surprise.
 */
async function submissionTimes(file: string, warn: (warning: string) => void): Promise<GradescopeSubmissionTimes | undefined> {
  const { readGradescopeSubmissionMetadata } = await import('../../grader/late/gradescope-submission-metadata');
  try {
    return readGradescopeSubmissionMetadata(file);
  } catch (error) {
    if (!(error instanceof VmlabError)) throw error;
    warn(`${error.message}; graded without its submission time and due date`);
    return undefined;
  }
}

/** Options that only make sense together, or only apart: usage errors (exit status 2). */
function checkCombinations(command: Command, options: GradeCommandOptions): void {
  const refuse = (message: string) => command.error(`error: ${message}`, { code: 'commander.conflictingOption' });
  if ((options.submission === undefined) === (options.submissions === undefined)) refuse("give exactly one of '--submission <dir>' and '--submissions <dir>'");
  if (options.submissions !== undefined) {
    if (options.seed !== undefined) refuse("'--seed <n>' reproduces one student: use it with '--submission <dir>' (a class is seeded with '--seed-from-id')");
    if (options.student !== undefined) refuse("'--student <id>' names one submission: with '--submissions <dir>' the ids come from the folders");
  } else {
    if (options.jobs !== undefined || options.force !== undefined) refuse("'--jobs' and '--force' apply to '--submissions <dir>'");
    if (options.roster !== undefined) refuse("'--roster <file>' is for a class: use it with '--submissions <dir>'");
  }
  if (options.submittedTime !== undefined && options.submittedTime !== 'source' && options.submittedTime !== 'file') refuse("'--submitted-time' is 'source' or 'file'");
  if (options.submissionMetadata !== undefined && options.submissions !== undefined) refuse("'--submission-metadata <file>' is Gradescope's for one submission: use it with '--submission <dir>'");
  if (options.seedFromId === true && options.seed !== undefined) refuse("give either '--seed <n>' or '--seed-from-id', not both");
  if (options.seedFromId === true && options.secretFile === undefined) refuse("'--seed-from-id' needs '--secret-file <file>'");
  if (options.seedFromId !== true && options.secretFile !== undefined) refuse("'--secret-file <file>' is only used with '--seed-from-id'");
}

function readSecret(file: string): string {
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read the secret: ${describeFsError(error)}`);
  }
  if (secret === '') throw new VmlabError('IO', `${file}: the secret is empty`);
  return secret;
}
