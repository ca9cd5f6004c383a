import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface PrairieLearnCommandOptions {
  assignment?: string;
  out?: string;
}

/** `vmlab prairielearn`: package an assignment as a PrairieLearn question with an external grader. */
export function registerPrairieLearn(program: Command, io: CliIo): void {
  program
    .command('prairielearn')
    .summary('write a PrairieLearn question and external grader for an assignment')
    .description(
      'Write a PrairieLearn course fragment into OUT (a course folder, or a folder to copy from): ' +
        'questions/<id>/info.json (external grading on the stock node:20 image, a timeout from the manifest\'s limits, ' +
        'a UUID that stays the same for the assignment) and questions/<id>/question.html (a pl-file-upload of the ' +
        "student files by name, and pl-external-grader-results); and serverFilesCourse/<id>/, the grader built with " +
        'its runtime packages, this assignment and its hidden suites, and entrypoint.sh, which grades /grade/student ' +
        'into /grade/results/results.json with no network. Both folders are replaced if they exist; anything else in ' +
        'OUT is left alone. A submission in which nothing compiles, or with every file missing, is returned as not ' +
        'gradable (no attempt used); hidden and after-due-date tests are shown by number, category, score and hint.',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--out <dir>', 'the course folder to write into (required)')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab prairielearn --assignment assignments/walk --out my-course
  $ vmlab prairielearn --assignment assignments/walk --out /tmp/pl && cp -r /tmp/pl/. my-course/

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: PrairieLearnCommandOptions, command: Command) => {
      const dir = mandatory(command, '--assignment <dir>', options.assignment);
      const out = mandatory(command, '--out <dir>', options.out);
      await checkOutputTarget(out, 'folder');
      const { loadAssignment } = await import('../../assignments/framework/load-assignment');
      const { writeCourseFragment } = await import('../../grader/prairielearn/course-fragment');
      const { vmlabRoot } = await import('../../io/vmlab-root');
      const assignment = loadAssignment(dir);
      const fragment = await writeCourseFragment({ repoRoot: vmlabRoot(), assignment, out });
      io.stdout.write(`wrote ${fragment.question} and ${fragment.grader} for the ${assignment.manifest.id} assignment\n`);
    });
}
