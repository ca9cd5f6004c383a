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
  /** false with --no-mutants. */
  mutants: boolean;
  /** false with --no-naming. */
  naming: boolean;
}

/** `vmlab audit`: check an assignment's suites: rule coverage, realistic bugs, and mutation testing of the reference solution. */
export function registerAudit(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('audit')
    .summary("check an assignment's suites: rules covered, realistic bugs caught, costed and named by the diagnosis, mutants killed")
    .description(
      'Check the suites of an assignment four ways. Rule coverage: for each rule the manifest states, the tests ' +
        'that declare they exercise it; a rule no test exercises, or a test naming a rule the manifest does not ' +
        'state, fails it. Realistic bugs (assignments/<id>/bugs): each bug is graded in this process over every ' +
        'suite, each test by its own scoring (proportional or all-or-nothing); it fails unless every bug fails a ' +
        'public test whose feedback names it and a test of its rule, there are at least 20 per assessed component, ' +
        'and no bug costs less than 5% of the points (the cheapest is printed with its cost). Naming (left out with ' +
        '--no-naming): each failed test of each bug is diagnosed as the grader does, with the assignment\'s ' +
        'misconceptions (assignments/<id>/misconceptions); a caught bug is named when one of the misconceptions the ' +
        'report opens with uses the words the bug declares (its `names`); the target is 90% of the caught bugs, and ' +
        'the bugs not named are listed with what the report opened with instead. Mutants (left out ' +
        'with --no-mutants): mutate the reference solution of each component the assignment assesses (one small edit per mutant: an ' +
        'operator, a constant, a boolean, a negated if, a removed statement, two swapped arguments), run every public ' +
        'and hidden test on each mutant, and report the share of mutants some test fails (killed). Survivors are ' +
        'listed with their diffs: each is a bug the suites miss, or an equivalent mutant. Mutants run outside the ' +
        'sandbox (this is the reference, not student code), in child processes; one that hangs is killed after ' +
        '--mutant-seconds and counts as killed. The target is 95%. The last line says whether every part met its ' +
        'target (PASSED or FAILED), and so does the exit status: 0 when every target is met, 1 when one is missed, so a CI job can gate on it.\n\n' +
        'A full audit evaluates every mutant and takes minutes (about one to two seconds per surviving mutant per ' +
        'job); --limit N evaluates N mutants spread evenly over the list, the same N every time, for CI.',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--limit <n>', 'evaluate only N mutants, sampled evenly and deterministically', integerIn(1, 1_000_000))
    .option('--no-mutants', 'check the rules and the realistic bugs only, without mutants (seconds to a few minutes)')
    .option('--no-naming', 'do not measure how many realistic bugs the diagnosis names (nor count it as a target)')
    .option('--json', 'print the whole audit as JSON: the rules with their tests; every bug with the tests it fails and the points it costs; the naming figures (bugs.naming) with the bugs not named; every mutant, its outcome, the test that killed it and the first divergent step')
    .option('--jobs <n>', 'child processes run at once (default: cores - 1, at most 4)', integerIn(1, 64))
    .option('--mutant-seconds <n>', 'time one mutant may take before it counts as killed by timeout (default 30)', integerIn(1, 3600))
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab audit --assignment assignments/walk --limit 12           # a quick sample, as CI runs it
  $ vmlab audit --assignment assignments/walk                      # the full audit (minutes)
  $ vmlab audit --assignment assignments/tlb --no-mutants            # rules, realistic bugs and their naming only
  $ vmlab audit --assignment assignments/tlb --no-mutants --no-naming # rules and realistic bugs only
  $ vmlab audit --assignment assignments/shadow --json > /tmp/shadow-audit.json

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: AuditCommandOptions, command: Command) => {
      const dir = mandatory(command, '--assignment <dir>', options.assignment);
      const mutantOnly = (['limit', 'jobs', 'mutantSeconds'] as const).filter((option) => options[option] !== undefined);
      if (!options.mutants && mutantOnly.length > 0) {
        const flags = mutantOnly.map((option) => `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
        command.error(`error: ${flags.join(', ')} ${flags.length === 1 ? 'applies' : 'apply'} to mutants, which --no-mutants leaves out`, { code: 'commander.conflictingOption' });
      }
      const { loadAssignment } = await import('../../assignments/framework/load-assignment');
      const { runSuiteAudit } = await import('../../grader/audit/suite-audit');
      const { renderSuiteAuditText } = await import('../../grader/audit/suite-audit-text');
      const { vmlabRoot } = await import('../../io/vmlab-root');
      const report = await runSuiteAudit({
        repoRoot: vmlabRoot(),
        assignment: loadAssignment(dir),
        mutants: options.mutants,
        naming: options.naming,
        limit: options.limit,
        workers: options.jobs,
        mutantSeconds: options.mutantSeconds,
      });
      io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderSuiteAuditText(report));
      setExitCode(report.targetMet ? EXIT.ok : EXIT.problem);
    });
}
