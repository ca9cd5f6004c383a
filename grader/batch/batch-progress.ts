import { OutputStream } from '../../io/cli-io';
import { printable } from '../../io/printable';
import { SubmissionResults } from '../results/submission-results';

/** What a batch tells its user as students start and finish. */
export interface BatchProgress {
  started(student: string): void;
  graded(student: string, results: SubmissionResults): void;
  failed(student: string, error: unknown): void;
  /** The batch is over: leave the terminal on a fresh line. */
  done(): void;
}

/** process.stderr has isTTY; CliIo's streams may (test buffers do not). */
type MaybeTerminal = OutputStream & { readonly isTTY?: boolean };

/**
 * Progress on `stream`: on a terminal, one line rewritten in place ("graded
 * 12/40, 3 running"); elsewhere (logs, CI), one line per finished student.
 * Failures always get a line of their own, with the student id.
 */
export function batchProgress(stream: MaybeTerminal, total: number): BatchProgress {
  const terminal = stream.isTTY === true;
  let finished = 0;
  let running = 0;
  const redraw = () => {
    if (terminal) stream.write(`\r\x1b[Kgraded ${finished}/${total}, ${running} running`);
  };
  // On a terminal, a full line is written over the progress line and the progress line redrawn below it.
  const line = (text: string) => {
    stream.write(terminal ? `\r\x1b[K${text}\n` : `${text}\n`);
    redraw();
  };
  return {
    started() {
      running += 1;
      redraw();
    },
    graded(student, results) {
      running -= 1;
      finished += 1;
      if (terminal) redraw();
      else line(`${printable(student)}: ${Math.round(results.score * 100) / 100} of ${results.maxScore}`);
    },
    failed(student, error) {
      running -= 1;
      finished += 1;
      line(`vmlab: cannot grade ${printable(student)}: ${error instanceof Error ? error.message : String(error)}`);
    },
    done() {
      if (terminal && total > 0) stream.write('\n');
    },
  };
}
