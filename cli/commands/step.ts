import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { integerIn } from '../integer-option';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface StepCommandOptions {
  scenario?: string;
  assignment?: string;
  test?: string;
  case?: number;
  submission?: string;
  out?: string;
}

/** `vmlab step`: a page that steps through one case event by event, the student's run beside the reference's. */
export function registerStep(program: Command, io: CliIo): void {
  program
    .command('step')
    .summary('write an HTML page that steps through a scenario or a test case, event by event')
    .description(
      'Write a self-contained HTML page (no script) that steps through one case: a scenario file, or a case of a ' +
        "visible test. Each step is a section of its own, opened by its anchor (page.html#event-3): for a scenario, an event " +
        'with what the guest saw, the page faults handled, the VM exits, and each VM\'s TLB, guest page tables and shadow ' +
        "tables or EPT (gPA → hPA) after it; for a walk or a 2D walk, one memory reference of the walk. With --submission, " +
        "the student's code runs in the grading sandbox and its run is drawn beside the reference's, the first difference " +
        'marked; the page opens there. Hidden tests get no page.',
    )
    .option('--scenario <file>', 'the scenario to step through, a JSON file (docs/scenario-format.md)')
    .option('--assignment <dir>', 'the assignment: needed for --test and --submission')
    .option('--test <id>', 'a visible test of the assignment, instead of --scenario')
    .option('--case <n>', 'which case of the test, from 0 (default 0)', integerIn(0, 1_000_000))
    .option('--submission <dir>', "a submission folder: its run is drawn beside the reference's")
    .option('--out <file>', 'the page to write (required)')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab step --scenario examples/two-vms.json --out two-vms.html
  $ vmlab step --assignment assignments/shadow --test sync-basic --case 2 --submission my-work --out step.html
  $ vmlab step --scenario examples/fork-then-write.json --assignment assignments/shadow --submission my-work --out fork.html

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: StepCommandOptions, command: Command) => {
      const out = mandatory(command, '--out <file>', options.out);
      await checkOutputTarget(out, 'file');
      // Loaded when used: the machine, the compiler and the sandbox cost more to load than `vmlab --help` should pay.
      const { writeStepThrough } = await import('../../grader/grade/write-step-through');
      const line = await writeStepThrough({
        out,
        ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
        ...(options.assignment === undefined ? {} : { assignmentDir: options.assignment }),
        ...(options.test === undefined ? {} : { test: options.test }),
        ...(options.case === undefined ? {} : { caseIndex: options.case }),
        ...(options.submission === undefined ? {} : { submission: options.submission }),
      });
      io.stdout.write(`${line}\n`);
    });
}
