import { Command } from 'commander';
import { CliIo } from '../cli-io';
import { EXIT_STATUS_HELP } from '../exit-codes';
import { integerIn } from '../integer-option';
import { mandatory } from '../mandatory-option';

interface GradeCommandOptions {
  assignment?: string;
  submission?: string;
  out?: string;
  student?: string;
  seed?: number;
  afterDueDate?: boolean;
}

/** `vmlab grade`: grade one submission against the assignment's suites, in the sandbox. */
export function registerGrade(program: Command, io: CliIo): void {
  program
    .command('grade')
    .summary('grade one submission against every suite of an assignment')
    .description(
      "Compile the submission's student files, run their tests in a locked-down child process that returns only " +
        'observations, judge every case against the reference here, and write OUT/results.json (Gradescope format, ' +
        'with the full results under extra_data.vmlab) and OUT/report.html. A file that is missing or does not compile ' +
        'fails only the tests of its component; a hang, crash or memory blow-up fails only the test it happened in.',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--submission <dir>', 'the submission: a folder with the student files at their handout paths (required)')
    .option('--out <dir>', 'where to write results.json and report.html (required)')
    .option('--student <id>', 'the student id shown in the results (default: the submission folder name)')
    .option('--seed <n>', "reseed the generated tests with this student seed (reproduces a student's variant)", integerIn(0, 0xffff_ffff))
    .option('--after-due-date', 'show after_due_date tests in full in the report')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab grade --assignment assignments/walk --submission my-walk --out /tmp/walk-results
  $ vmlab grade --assignment assignments/shadow --submission class/alice --out /tmp/alice --seed 1234

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: GradeCommandOptions, command: Command) => {
      const assignmentDir = mandatory(command, '--assignment <dir>', options.assignment);
      const submission = mandatory(command, '--submission <dir>', options.submission);
      const out = mandatory(command, '--out <dir>', options.out);
      const { gradeToFolder } = await import('../../grade/grade-to-folder');
      const results = await gradeToFolder({ assignmentDir, submission, out, student: options.student, seed: options.seed, afterDueDate: options.afterDueDate ?? false });
      io.stdout.write(`${results.student}: ${Math.round(results.score * 100) / 100} of ${results.maxScore} points; wrote ${out}/results.json and ${out}/report.html\n`);
    });
}
