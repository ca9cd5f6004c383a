import { Command } from 'commander';
import { CliIo, OutputStream } from '../../io/cli-io';
import { EXIT_STATUS_HELP } from '../../io/exit-codes';
import { fractionUpToOne } from '../integer-option';
import { mandatory } from '../mandatory-option';
import { checkOutputTarget } from '../output-target';

interface ExperimentCommandOptions {
  out?: string;
  scale: number;
}

/** `vmlab experiment`: the shadow-paging vs EPT trade-offs, measured on the model, with the published figures beside them. */
export function registerExperiment(program: Command, io: CliIo): void {
  program
    .command('experiment')
    .summary('measure shadow paging against EPT on generated workloads, and write a page of charts')
    .description(
      'Run generated workloads (fork/exit storm, context-switch ping-pong, VM-switch ping-pong, mmap/munmap churn, a TLB-miss-bound random ' +
        'walk, a compile-like mix) on the reference machine in native, shadow and EPT modes, with and without walk ' +
        'caches, a nested TLB, large pages and VPIDs. Writes DIR/index.html (charts of cycles per access and where they go, walk references per ' +
        'TLB miss, VM exits by reason and page-table memory, and the published claims checked against the model) and ' +
        'DIR/results.json with every figure.',
    )
    .argument('<name>', 'a workload: fork-exit, ping-pong, vm-switch, mmap-churn, tlb-miss, compile; or all')
    .option('--out <dir>', 'the folder to write index.html and results.json to (required)')
    .option('--scale <fraction>', 'run each measured phase for this fraction of its length, for a quick look (working sets keep their size)', fractionUpToOne, 1)
    .addHelpText(
      'after',
      `
Examples:
  $ vmlab experiment all --out out/experiments
  $ vmlab experiment tlb-miss --out /tmp/tlb-miss
  $ vmlab experiment all --scale 0.2 --out /tmp/quick

${EXIT_STATUS_HELP}`,
    )
    .action(async (name: string, options: ExperimentCommandOptions, command: Command) => {
      const out = mandatory(command, '--out <dir>', options.out);
      await checkOutputTarget(out, 'folder');
      const { writeExperiment } = await import('../../experiments/write-experiment');
      const written = await writeExperiment({ name, out, scale: options.scale, progress: experimentProgress(io.stderr) });
      if (written.claims !== '') io.stdout.write(`${written.claims}\n`);
      io.stdout.write(`wrote ${written.page} and ${written.results}\n`);
    });
}

const PROGRESS_BAR_WIDTH = 24;

/** On a terminal, a progress bar rewritten in place; elsewhere nothing (a run takes seconds, and logs want no noise). */
function experimentProgress(stream: OutputStream & { readonly isTTY?: boolean }) {
  if (stream.isTTY !== true) return () => undefined;
  return (done: number, total: number, next: { readonly workload: string; readonly configuration: string } | null) => {
    if (next === null) {
      stream.write('\r\x1b[K');
      return;
    }
    const filled = Math.round((done / total) * PROGRESS_BAR_WIDTH);
    stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(PROGRESS_BAR_WIDTH - filled)}] ${done}/${total} ${next.workload}: ${next.configuration}`);
  };
}
