import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface GradescopeCommandOptions {
  assignment?: string;
  out?: string;
}

/** `vmlab gradescope`: package an assignment's grader as a Gradescope autograder zip. */
export function registerGradescope(program: Command, io: CliIo): void {
  program
    .command('gradescope')
    .summary('write a Gradescope autograder zip for an assignment')
    .description(
      'Write a Gradescope autograder: a zip holding setup.sh (installs Node 20 and vmlab when Gradescope builds the ' +
        'image), run_autograder (grades /autograder/submission into /autograder/results/results.json with vmlab grade; ' +
        'student files may be uploaded at their handout paths or by name alone), and the vmlab sources with this ' +
        'assignment and its hidden suites. Upload it as the assignment\'s autograder ("zip file upload").',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--out <file>', 'the zip to write (required)')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab gradescope --assignment assignments/walk --out walk-autograder.zip

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: GradescopeCommandOptions, command: Command) => {
      const dir = mandatory(command, '--assignment <dir>', options.assignment);
      const out = mandatory(command, '--out <file>', options.out);
      await checkOutputTarget(out, 'file');
      const { loadAssignment } = await import('../../assignments/framework/load-assignment');
      const { autograderEntries } = await import('../../grader/gradescope/autograder-files');
      const { writeZip } = await import('../../grader/gradescope/zip-writer');
      const { vmlabRoot } = await import('../../io/vmlab-root');
      const { writeFileAtomically } = await import('../../io/write-file-atomically');
      const assignment = loadAssignment(dir);
      const entries = autograderEntries(vmlabRoot(), assignment.dir);
      await writeFileAtomically(out, writeZip(entries));
      io.stdout.write(`wrote ${out} (${entries.length} files) for the ${assignment.manifest.id} assignment\n`);
    });
}
