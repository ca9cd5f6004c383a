/**
 * The parent's reader of the child's reply channel (fd 4 of the child):
 * newline-delimited JSON, every byte of it untrusted. Student code runs in
 * the child and can write anything to that descriptor (the permission model
 * does not check writes to open descriptors), so this reader never throws:
 * each complete line becomes a parsed value or a problem, and after the
 * first problem it reads nothing more (the child is killed and replaced).
 * It holds at most `maxLineBytes` of a line not yet ended, so a child cannot
 * fill the grader's memory.
 */
export type ReplyLine = { readonly kind: 'message'; readonly value: unknown } | { readonly kind: 'problem'; readonly reason: string };

/**
 * Longest reply line kept. The largest reply of the assignments' suites
 * (a shadow-paging test of many probes, every generator seeded) is under
 * 1 MiB: 32 MiB leaves a wide margin while bounding what a child can make
 * the grader hold and parse.
 */
export const MAX_REPLY_LINE_BYTES = 32 * 1024 * 1024;

const NEWLINE = 0x0a;

export class ReplyLineReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private failed = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly maxLineBytes: number = MAX_REPLY_LINE_BYTES) {}

  /** True once a problem was reported: what comes after is ignored. */
  get broken(): boolean {
    return this.failed;
  }

  /** Bytes of a line begun and not yet ended. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** The lines `chunk` completes, in order; stops at the first problem. */
  push(chunk: Buffer): ReplyLine[] {
    const lines: ReplyLine[] = [];
    let start = 0;
    while (!this.failed && start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end < 0 ? chunk.length : end);
      if (this.pendingBytes + piece.length > this.maxLineBytes) {
        lines.push(this.fail(`a reply line longer than ${describeBytes(this.maxLineBytes)}`));
        break;
      }
      if (end < 0) {
        // Copied: the caller's buffer may be reused.
        this.pending.push(Buffer.from(piece));
        this.pendingBytes += piece.length;
        break;
      }
      const line = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
      this.pending = [];
      this.pendingBytes = 0;
      const parsed = this.parse(line);
      if (parsed.kind === 'problem') this.failed = true;
      lines.push(parsed);
      start = end + 1;
    }
    return lines;
  }

  /** The channel has ended: a line begun and not ended is a problem. */
  end(): ReplyLine[] {
    if (this.failed || this.pendingBytes === 0) return [];
    return [this.fail(`an unfinished reply line (${describeBytes(this.pendingBytes)} with no newline) when the channel closed`)];
  }

  private parse(line: Buffer): ReplyLine {
    let text: string;
    try {
      text = this.decoder.decode(line);
    } catch {
      return { kind: 'problem', reason: 'a reply line that is not UTF-8' };
    }
    try {
      return { kind: 'message', value: JSON.parse(text) };
    } catch (error) {
      // V8's message quotes a little of the line: capped, it says where the JSON broke.
      const what = error instanceof Error ? error.message.slice(0, 120) : 'unparsable';
      return { kind: 'problem', reason: `a reply line that is not JSON (${what})` };
    }
  }

  private fail(reason: string): ReplyLine {
    this.failed = true;
    this.pending = [];
    this.pendingBytes = 0;
    return { kind: 'problem', reason };
  }
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB` : `${bytes} bytes`;
}
