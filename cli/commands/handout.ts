import { Command } from 'commander';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface HandoutCommandOptions {
  assignment?: string;
  out?: string;
  withSolution?: boolean;
  keyOut?: string;
  shipSolution?: string[];
  githubWorkflow?: boolean;
  force?: boolean;
}

/** `vmlab handout`: a standalone, verified student package for one assignment. */
export function registerHandout(program: Command, io: CliIo): void {
  program
    .command('handout')
    .summary('write the student package of an assignment, verified')
    .description(
      'Write a standalone student package: the simulator substrate the assignment needs, the reference code it ' +
        'provides, stubs of the files students write, the public tests with their goldens, the spec as README.md, and ' +
        'a package.json so that `npm install && npm test` runs the public tests and `npm run report` grades the ' +
        "student files against them with the grader's own pipeline, writing report/report.html. Before finishing, " +
        'the command checks that the package holds no reference solution of a component students write and no hidden ' +
        'suite, that it type-checks, that the stubs fail the public tests and that the key passes them, and that ' +
        '`npm run report` scores the stubs 0 and the key every public point; if any check fails, it writes nothing. ' +
        '--with-solution writes the instructor key in place of the stubs; --key-out writes it as well, from the same build. ' +
        'The key holds, for each student file, the reference solution in student form (its helpers inlined, importing only ' +
        'what the students\' handout has): graded by `vmlab grade` or the Gradescope autograder, it scores every point. ' +
        'A component the assignment provides comes from the reference or from the student (the manifest\'s providedFrom): ' +
        'the handout refuses to ship a reference solution that another assignment in assignments/ assesses unless it is ' +
        'named with --ship-solution, and its README then says so; a component the student provides ships as a stub, and ' +
        'the README tells students to copy their own file in. --github-workflow adds .github/workflows/public-tests.yml, ' +
        'a GitHub Actions workflow that runs the public tests (npm test, on Node 20) on every push: push the package ' +
        "as a GitHub Classroom assignment's template repository and every student's repository runs it (the hidden " +
        'suites are not in the package, so they stay with the staff).',
    )
    .option('--assignment <dir>', 'the assignment folder, e.g. assignments/walk (required)')
    .option('--out <dir>', 'where to write the package (required; must not exist unless --force)')
    .option('--with-solution', "write the instructor's key (the reference solutions, in student form) instead of the stubs")
    .option('--key-out <dir>', "also write the instructor's key there, from the same verified build")
    .option(
      '--ship-solution <component>',
      'ship the reference solution of this provided component though another assignment assesses it (repeatable, or a comma list)',
      collectComponents,
    )
    .option('--github-workflow', 'add a GitHub Actions workflow that runs the public tests on every push (for GitHub Classroom)')
    .option('--force', 'replace --out (and --key-out) if it exists')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab handout --assignment assignments/walk --out /tmp/walk-handout --ship-solution tlb
  $ vmlab handout --assignment assignments/shadow --out /tmp/shadow-key --with-solution --ship-solution walker,tlb
  $ vmlab handout --assignment assignments/tlb --out /tmp/tlb --ship-solution walker,nestedWalker
  $ vmlab handout --assignment assignments/walk --out /tmp/walk-template --ship-solution tlb --github-workflow
  $ vmlab handout --assignment assignments/nested --out /tmp/nested --key-out /tmp/nested-key --ship-solution walker
  $ vmlab grade --assignment assignments/nested --submission /tmp/nested-key --out /tmp/nested-key-graded
  $ cd /tmp/walk-handout && npm install && npm test
  $ cd /tmp/walk-handout && npm run report

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: HandoutCommandOptions, command: Command) => {
      const dir = mandatory(command, '--assignment <dir>', options.assignment);
      const out = mandatory(command, '--out <dir>', options.out);
      await checkOutputTarget(out, 'folder');
      if (options.keyOut !== undefined) await checkOutputTarget(options.keyOut, 'folder');
      const { loadAssignment } = await import('../../assignments/framework/load-assignment');
      const { buildHandout } = await import('../../grader/handout/build-handout');
      const { vmlabRoot } = await import('../../io/vmlab-root');
      const report = await buildHandout({
        repoRoot: vmlabRoot(),
        assignment: loadAssignment(dir),
        out,
        withSolution: options.withSolution ?? false,
        ...(options.keyOut === undefined ? {} : { keyOut: options.keyOut }),
        shipSolutions: options.shipSolution ?? [],
        githubWorkflow: options.githubWorkflow ?? false,
        force: options.force ?? false,
        log: (line) => io.stderr.write(`${line}\n`),
      });
      io.stdout.write(`wrote ${report.out} (${report.files} files, ${options.withSolution ? 'instructor key' : 'student stubs'})\n`);
      if (report.keyOut !== undefined) io.stdout.write(`wrote ${report.keyOut} (instructor key)\n`);
      for (const check of report.checks) io.stdout.write(`  ok: ${check}\n`);
    });
}

/** `--ship-solution walker --ship-solution shadowSync` and `--ship-solution walker,shadowSync` alike. */
function collectComponents(value: string, previous: string[] | undefined): string[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  return [...(previous ?? []), ...names];
}
