import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT, EXIT_STATUS_HELP } from '../../io/exit-codes';
import { integerIn } from '../integer-option';
import { mandatory } from '../mandatory-option';

interface AuditCommandOptions {
  assignment?: string;
  limit?: number;
  json?: boolean;
  jobs?: number;
  mutantSeconds?: number;
}

/** `vmlab audit`: mutation-test an assignment's suites against its own reference solution. */
export function registerAudit(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('audit')
    .summary("measure how many bugs an assignment's suites catch (mutation testing of the reference solution)")
    .description(
      'Mutate the reference solution of each component the assignment assesses (one small edit per mutant: an ' +
        'operator, a constant, a boolean, a negated if, a removed statement, two swapped arguments), run every public ' +
        'and hidden test on each mutant, and report the share of mutants some test fails (killed). Survivors are ' +
        'listed with their diffs: each is a bug the suites miss, or an equivalent mutant. Mutants run outside the ' +
        'sandbox (this is the reference, not student code), in child processes; one that hangs is killed after ' +
        '--mutant-seconds and counts as killed. The target is 95%. Always exits 0 when the audit ran.\n\n' +
        'A full audit evaluates every mutant and takes minutes (about one to two seconds per surviving mutant per ' +
        'job); --limit N evaluates N mutants spread evenly over the list, the same N every time, for CI.',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--limit <n>', 'evaluate only N mutants, sampled evenly and deterministically', integerIn(1, 1_000_000))
    .option('--json', 'print the whole audit as JSON: every mutant, its outcome, the test that killed it and the first divergent step')
    .option('--jobs <n>', 'child processes run at once (default: cores - 1, at most 4)', integerIn(1, 64))
    .option('--mutant-seconds <n>', 'time one mutant may take before it counts as killed by timeout (default 30)', integerIn(1, 3600))
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab audit --assignment assignments/walk --limit 12           # a quick sample, as CI runs it
  $ vmlab audit --assignment assignments/walk                      # the full audit (minutes)
  $ vmlab audit --assignment assignments/shadow --json > /tmp/shadow-audit.json

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: AuditCommandOptions, command: Command) => {
      const dir = mandatory(command, '--assignment <dir>', options.assignment);
      const { loadAssignment } = await import('../../assignments/framework/load-assignment');
      const { runAudit } = await import('../../grader/audit/run-audit');
      const { renderAuditText } = await import('../../grader/audit/audit-text');
      const { vmlabRoot } = await import('../../io/vmlab-root');
      const report = await runAudit({
        repoRoot: vmlabRoot(),
        assignment: loadAssignment(dir),
        limit: options.limit,
        workers: options.jobs,
        mutantSeconds: options.mutantSeconds,
      });
      io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderAuditText(report));
      setExitCode(EXIT.ok);
    });
}
