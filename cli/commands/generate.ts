import { Command } from 'commander';
import { GENERATE_DEFAULTS, MAX_GENERATED_EVENTS, MAX_PROCESSES_PER_VM } from '../../reference/scenario/generate';
import { MAX_VM } from '../../reference/scenario/limits';
import { CliIo } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { integerIn } from '../integer-option';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface GenerateCommandOptions {
  seed?: number;
  vms: number;
  processes: number;
  events: number;
  out?: string;
}

/** `vmlab generate`: a random valid scenario from a seed, printed or written to a file. */
export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .summary('write a random, valid scenario (the same seed always gives the same one)')
    .description(
      'Generate a random scenario that passes validation: VMs taking turns, processes that spawn, fork and exit, ' +
        'mmap/munmap/mprotect of small regions, and reads, writes and execs that mostly hit mapped pages but ' +
        'sometimes fault (unmapped, or forbidden by the protection), with inspect and clear-ad of PTEs. ' +
        'The same seed and options give the same scenario on every machine.',
    )
    .option('--seed <n>', 'seed of the random generator, an integer in [0, 2^32) (required)', integerIn(0, 0xffff_ffff))
    .option('--vms <k>', `number of VMs (1-${MAX_VM})`, integerIn(1, MAX_VM), GENERATE_DEFAULTS.vms)
    .option('--processes <p>', `most processes alive at once in each VM (1-${MAX_PROCESSES_PER_VM})`, integerIn(1, MAX_PROCESSES_PER_VM), GENERATE_DEFAULTS.processesPerVm)
    .option('--events <n>', 'number of events', integerIn(0, MAX_GENERATED_EVENTS), GENERATE_DEFAULTS.events)
    .option('--out <file>', 'write the scenario to FILE (atomically: a reader never sees half a file) instead of printing it')
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab generate --seed 7
  $ vmlab generate --seed 7 --vms 2 --processes 4 --events 500 --out /tmp/random.json
  $ vmlab simulate --scenario /tmp/random.json --compare

${EXIT_STATUS_HELP}`,
    )
    .action(async (options: GenerateCommandOptions, command: Command) => {
      const seed = mandatory(command, '--seed <n>', options.seed);
      if (options.out !== undefined) await checkOutputTarget(options.out, 'file');
      // Loaded when used: every module loaded at start-up delays `vmlab --help` too.
      const { generateScenario } = await import('../../reference/scenario/generate');
      const { formatScenarioJson } = await import('../format/scenario-json');
      const document = generateScenario({ seed, vms: options.vms, processesPerVm: options.processes, events: options.events });
      const text = formatScenarioJson(document);
      if (options.out === undefined) {
        io.stdout.write(text);
        return;
      }
      const { writeFileAtomically } = await import('../../io/write-file-atomically');
      await writeFileAtomically(options.out, text);
    });
}
