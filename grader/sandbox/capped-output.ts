/**
 * The first `limit` bytes of a stream the student writes to; the rest is
 * counted as truncation and dropped, so a print loop cannot fill the grader's memory.
 */
export class CappedOutput {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private cut = false;

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (chunk.length > room) this.cut = true;
    if (room <= 0) return;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(part);
    this.kept += part.length;
  }

  get truncated(): boolean {
    return this.cut;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** The last `limit` bytes of a stream: enough to recognise V8's "heap out of memory" after the capped copy is full. */
export class StreamTail {
  private tail: Buffer = Buffer.alloc(0);

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    const joined = Buffer.concat([this.tail, chunk]);
    this.tail = joined.length > this.limit ? joined.subarray(joined.length - this.limit) : joined;
  }

  text(): string {
    return this.tail.toString('utf8');
  }
}
