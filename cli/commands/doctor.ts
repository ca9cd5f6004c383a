import { Command } from 'commander';
import { FENCES, HostFences, probeHostFences } from '../../grader/sandbox/fences';
import { CliIo } from '../../io/cli-io';
import { EXIT, EXIT_STATUS_HELP } from '../../io/exit-codes';

interface DoctorOptions {
  json?: boolean;
}

/**
 * `vmlab doctor`: which of the sandbox's fences this machine gives, for an
 * instructor to check before term. `probe` is the fences' probe (tests give
 * their own host). Exit status 1 when one is missing.
 */
export function registerDoctor(program: Command, io: CliIo, setExitCode: (code: number) => void, probe: () => HostFences = probeHostFences): void {
  program
    .command('doctor')
    .summary("say which of the grading sandbox's fences this machine gives")
    .description(
      "Start a tiny Node script inside each fence the grader's sandbox uses around a student's code (Node's permission " +
        'model; user, PID, mount and network namespaces; an unprivileged uid when run as root; a file-size limit of 0; ' +
        'its own session; death with the grader) and say which work here and which are missing, each with what it ' +
        'protects against. `vmlab grade` uses those that work, warns once about the rest, and notes them in every ' +
        'result. Exit status 0 when all are there, 1 when some are missing.',
    )
    .option('--json', 'print {fences: [{name, present, protects, note?}], missing: [names]} instead of text')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab doctor
  $ sudo vmlab doctor --json

${EXIT_STATUS_HELP}`,
    )
    .action((options: DoctorOptions) => {
      const host = probe();
      const fences = FENCES.map(({ name, protects }) => {
        const present = host.present.includes(name);
        const note = present ? undefined : host.notes.get(name);
        return { name, present, protects, ...(note === undefined ? {} : { note }) };
      });
      if (options.json === true) {
        io.stdout.write(`${JSON.stringify({ fences, missing: host.missing }, null, 2)}\n`);
      } else {
        const width = Math.max(...fences.map((fence) => fence.name.length));
        for (const fence of fences) {
          io.stdout.write(`${fence.present ? 'ok     ' : 'MISSING'}  ${fence.name.padEnd(width)}  ${fence.protects}\n`);
          if (fence.note !== undefined) io.stdout.write(`         ${''.padEnd(width)}  why missing: ${fence.note}\n`);
        }
        io.stdout.write(
          host.missing.length === 0
            ? `\nAll ${fences.length} fences are there.\n`
            : `\n${host.missing.length} of ${fences.length} fences missing: student code is graded with less isolation on this machine.\n`,
        );
      }
      if (host.missing.length > 0) setExitCode(EXIT.problem);
    });
}
