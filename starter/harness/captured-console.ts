import { Console } from 'console';
import { Writable } from 'stream';

/** Most of what a test's run keeps of what your code printed; the rest is counted. */
export const MAX_PRINTED_CHARACTERS = 16 * 1024;

/**
 * A console that keeps what your code prints (console.log, .error and the
 * like) for the run in progress, so a test can show it labelled with the
 * test it came from, instead of loose in the terminal. Capped: a loop that
 * prints without end keeps the first MAX_PRINTED_CHARACTERS and a count.
 */
export class CapturedConsole {
  private kept = '';
  private dropped = 0;
  readonly console: Console;

  constructor() {
    const sink = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        this.keep(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        done();
      },
    });
    this.console = new Console({ stdout: sink, stderr: sink });
  }

  /** What was printed since the last call, with how much was cut. */
  take(): string {
    const text = this.dropped === 0 ? this.kept : `${this.kept}\n[… ${this.dropped} more characters not shown]\n`;
    this.kept = '';
    this.dropped = 0;
    return text;
  }

  private keep(text: string): void {
    const room = MAX_PRINTED_CHARACTERS - this.kept.length;
    if (text.length <= room) this.kept += text;
    else {
      this.kept += text.slice(0, Math.max(0, room));
      this.dropped += text.length - Math.max(0, room);
    }
  }
}
