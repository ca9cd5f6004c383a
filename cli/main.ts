import { Command, CommanderError } from 'commander';
import { readFileSync } from 'fs';
import * as path from 'path';
import { CliIo, processIo } from '../io/cli-io';
import { registerAudit } from './commands/audit';
import { registerDoctor } from './commands/doctor';
import { registerExperiment } from './commands/experiment';
import { registerExport } from './commands/export';
import { registerGenerate } from './commands/generate';
import { registerGoldens } from './commands/goldens';
import { registerGrade } from './commands/grade';
import { registerGradescope } from './commands/gradescope';
import { registerHandout } from './commands/handout';
import { registerPrairieLearn } from './commands/prairielearn';
import { registerReport } from './commands/report';
import { registerSimilarity } from './commands/similarity';
import { registerSimulate } from './commands/simulate';
import { registerStep } from './commands/step';
import { EXIT, EXIT_STATUS_HELP } from '../io/exit-codes';
import { reportError } from '../io/report-error';
import { vmlabRoot } from '../io/vmlab-root';

/**
 * The `vmlab` command line. `argv` is in process.argv form (node, script,
 * arguments...). Returns the exit status instead of exiting, so tests can
 * run it with captured output; bin/vmlab.js hands the status to the process.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('vmlab')
    .description(
      'Memory-virtualization coursework: a reference simulator of x86-64 paging, shadow page tables and EPT/NPT. ' +
        'Run a scenario in any mode, compare the modes, generate random scenarios; build verified student handouts, ' +
        "refresh an assignment's public goldens, grade submissions in a sandbox, audit the suites, package a " +
        'Gradescope autograder or a PrairieLearn question, redraw a report with TA comments, export grades for the LMS gradebook, measure shadow paging against EPT, and check ' +
        "the grading sandbox's fences on this machine.",
    )
    // Set before the commands are added: subcommands copy these settings.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => io.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError()
    // Not commander's .version(), which wants the version up front: the package file is read only when asked, as a
    // user running one command (the sandbox's own tests run vmlab as another user) may not be able to read it.
    .option('-V, --version', "print vmlab's version")
    .on('option:version', () => {
      const version = packageVersion();
      io.stdout.write(`${version}\n`);
      throw new CommanderError(0, 'commander.version', version);
    });

  registerSimulate(program, io, (code) => {
    exitCode = code;
  });
  registerGenerate(program, io);
  registerGoldens(program, io, (code) => {
    exitCode = code;
  });
  registerHandout(program, io);
  registerGrade(program, io, (code) => {
    exitCode = code;
  });
  registerAudit(program, io, (code) => {
    exitCode = code;
  });
  registerGradescope(program, io);
  registerPrairieLearn(program, io);
  registerReport(program, io, (code) => {
    exitCode = code;
  });
  registerExport(program, io);
  registerSimilarity(program, io);
  registerStep(program, io);
  registerExperiment(program, io);
  registerDoctor(program, io, (code) => {
    exitCode = code;
  });
  program.addHelpText(
    'after',
    `
Examples:
  $ vmlab simulate --scenario examples/fork-then-write.json --compare
  $ vmlab simulate --scenario examples/two-vms.json --mode ept --json
  $ vmlab generate --seed 7 --vms 2 --events 500 --out /tmp/random.json
  $ vmlab handout --assignment assignments/walk --out /tmp/walk-handout --ship-solution tlb
  $ vmlab grade --assignment assignments/walk --submission my-walk --out /tmp/walk-results
  $ vmlab grade --assignment assignments/walk --submissions class/ --out /tmp/class
  $ vmlab audit --assignment assignments/walk --limit 20
  $ vmlab gradescope --assignment assignments/walk --out walk-autograder.zip
  $ vmlab prairielearn --assignment assignments/walk --out my-course
  $ vmlab export --class /tmp/class --format canvas --roster roster.csv --out canvas.csv
  $ vmlab doctor
  $ vmlab help simulate
  $ vmlab --version

${EXIT_STATUS_HELP}`,
  );

  try {
    await program.parseAsync(argv, { from: 'node' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** The version in vmlab's package.json, read where vmlab runs from (the sources or dist/). */
function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(path.join(vmlabRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : 'unknown';
}
