import { Command } from 'commander';
import { readFile } from 'fs/promises';
import { CliIo } from '../../io/cli-io';
import { EXIT, EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface GoldensCommandOptions {
  assignment?: string;
  check?: boolean;
}

/** `vmlab goldens`: (re)write an assignment's public goldens from the reference, or check they are current. */
export function registerGoldens(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('goldens')
    .summary("write an assignment's public goldens (the reference's observations of the public suite)")
    .description(
      "Expand the assignment's public suite (public/suite.json) and record the reference's observation of every case " +
        'in public/goldens.json, which handouts ship and their tests compare against. Review the change with git diff: ' +
        'a golden that moves means the reference now behaves differently. With --check, write nothing and exit 1 if ' +
        'the file is out of date.',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--check', 'only compare with the committed goldens; exit 1 when they are stale')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab goldens --assignment assignments/walk
  $ vmlab goldens --assignment assignments/nested --check

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: GoldensCommandOptions, command: Command) => {
      const dir = mandatory(command, '--assignment <dir>', options.assignment);
      const { loadAssignment } = await import('../../assignments/framework/load-assignment');
      const { buildGoldens, goldensPath, serializeGoldens } = await import('../../assignments/framework/goldens');
      const assignment = loadAssignment(dir);
      const file = goldensPath(assignment);
      if (!options.check) await checkOutputTarget(file, 'file');
      const text = serializeGoldens(buildGoldens(assignment));
      if (options.check) {
        const current = await readFile(file, 'utf8').catch(() => null);
        if (current === text) {
          io.stdout.write(`${file}: up to date\n`);
        } else {
          io.stderr.write(`vmlab: ${file} is ${current === null ? 'missing' : 'stale'}: run vmlab goldens --assignment ${dir}\n`);
          setExitCode(EXIT.problem);
        }
        return;
      }
      const { writeFileAtomically } = await import('../../io/write-file-atomically');
      await writeFileAtomically(file, text);
      io.stdout.write(`wrote ${file}\n`);
    });
}
