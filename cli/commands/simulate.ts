import { Command, Option } from 'commander';
import { VmlabError } from '../../reference/errors';
import { SimulationResult } from '../../reference/hardware/stats';
import { Mode, MODES, ResolvedScenario } from '../../reference/scenario/types';
import { CliIo } from '../../io/cli-io';
import { EXIT, EXIT_STATUS_HELP } from '../../io/exit-codes';
import { mandatory } from '../mandatory-option';

interface SimulateCommandOptions {
  scenario?: string;
  mode?: Mode;
  json?: boolean;
  compare?: boolean;
}

/** `vmlab simulate`: run a scenario on the reference machine in one mode, or in all three side by side. */
export function registerSimulate(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('simulate')
    .summary('run a scenario on the reference machine and show what the guest saw and what it cost')
    .description(
      'Run a scenario (a JSON file of guest events: spawn, exit, fork, mmap, munmap, mprotect, read, write, exec, ' +
        'inspect, clear-ad, invlpg) on the reference machine: native paging, ' +
        'shadow paging or nested paging (EPT/NPT). The scenario is checked completely before anything runs. ' +
        'Prints the outcome count and the statistics (TLB hits and misses, page-walk references, guest and ' +
        'hidden page faults, VM exits by reason, page-table pages, cycles).',
    )
    .option('--scenario <file>', 'the scenario to run, a JSON file (required)')
    .addOption(new Option('--mode <mode>', "run in this mode instead of the scenario's machine.mode").choices(MODES).conflicts('compare'))
    .option('--json', 'print { "mode", "outcomes", "stats" } as JSON (the contract of SCENARIO.md) instead of a summary')
    .option('--compare', 'run native, shadow and ept, show their statistics side by side and check the outcomes are identical')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab simulate --scenario examples/fork-then-write.json
  $ vmlab simulate --scenario examples/two-vms.json --mode ept --json
  $ vmlab simulate --scenario examples/context-switch.json --compare
  $ vmlab simulate --scenario examples/mmap-churn.json --compare --json

With --compare --json the output is
  { "scenario": NAME, "outcomesAgree": BOOL, "firstDifference": null | {...},
    "modes": { "native": RESULT, "shadow": RESULT, "ept": RESULT } }
where each RESULT is what --json prints for that mode.

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: SimulateCommandOptions, command: Command) => {
      const file = mandatory(command, '--scenario <file>', options.scenario);
      // Loaded when used: validation (ajv) and the machine cost more to load than `vmlab --help` should pay.
      const { readScenarioFile } = await import('../read-scenario-file');
      const { applyModeOverride } = await import('../../reference/scenario/validate');
      const { firstOutcomeDifference } = await import('../compare-modes');
      const { formatComparison, formatSimulation } = await import('../format/simulation-report');
      const scenario = applyModeOverride(await readScenarioFile(file), options.mode);
      if (options.compare) {
        const results = [];
        for (const mode of MODES) results.push(await run(scenario, mode, file));
        const difference = firstOutcomeDifference(results);
        if (options.json) {
          const modes = Object.fromEntries(results.map((result) => [result.mode, asJson(result)]));
          io.stdout.write(json({ scenario: scenario.name, outcomesAgree: difference === null, firstDifference: difference, modes }));
        } else {
          io.stdout.write(formatComparison(scenario, results, difference));
        }
        if (difference !== null) setExitCode(EXIT.problem);
        return;
      }
      const result = await run(scenario, scenario.machine.mode, file);
      io.stdout.write(options.json ? json(asJson(result)) : formatSimulation(scenario, result));
    });
}

/** One run; a failure of the run itself (out of memory) names the scenario file. */
async function run(scenario: ResolvedScenario, mode: Mode, file: string): Promise<SimulationResult> {
  const { runReferenceScenario } = await import('../../reference/reference-components');
  try {
    return runReferenceScenario(scenario, mode);
  } catch (error) {
    if (error instanceof VmlabError) throw new VmlabError(error.code, `${file}: ${mode} mode: ${error.message}`, error.location);
    throw error;
  }
}

/** Exactly the fields SCENARIO.md names, in its order. */
function asJson(result: SimulationResult): Pick<SimulationResult, 'mode' | 'outcomes' | 'stats'> {
  return { mode: result.mode, outcomes: result.outcomes, stats: result.stats };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
