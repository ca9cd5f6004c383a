import { VmlabError } from '../errors';

/**
 * Deterministic frame allocator: freed frames are reused last-in first-out,
 * otherwise the lowest frame never handed out comes next, from `first` up.
 * Two runs of the same scenario therefore place every page and table at the
 * same address, which is what makes golden results and reference orders
 * reproducible. Zero-filling a reused frame is the caller's job (the owner
 * knows whether the frame's contents matter: the guest OS zero-fills, a
 * hypervisor table is cleared when it is built).
 *
 * A large page takes a naturally aligned run of frames (`allocateAligned`);
 * the frames it skips over to reach an aligned start stay new, so they come
 * next, lowest first, once no freed frame is waiting.
 */
export class FrameAllocator {
  /** Every frame from here up has never been handed out. */
  private next: number;
  private freed: number[] = [];
  /** Frames below `next` never handed out (skipped by a large page), as [start, end) runs in address order. */
  private holes: Array<[number, number]> = [];
  /** One byte per frame below `next`: 1 while allocated. A large page sets 262,144 at once. */
  private allocated = new Uint8Array(0);
  private allocatedCount = 0;

  /** @param first lowest frame handed out (frame 0 stays unused so 0 never names a table) */
  constructor(
    readonly name: string,
    readonly first: number,
    readonly limit: number,
  ) {
    this.next = first;
  }

  allocate(): number {
    let frame = this.freed.pop();
    if (frame === undefined) frame = this.holes.length > 0 ? this.takeFromHole() : this.takeNew(1);
    this.allocated[frame] = 1;
    this.allocatedCount++;
    return frame;
  }

  /**
   * `count` contiguous frames starting at a multiple of `count` (a large page:
   * 512 frames for 2 MiB, 512 × 512 for 1 GiB); returns the first. It takes
   * the lowest such run whose frames are all free, freed frames and new ones
   * alike. Each frame is freed on its own.
   */
  allocateAligned(count: number): number {
    const start = this.lowestFreeRun(count);
    if (start === null) {
      throw new VmlabError(
        'OUT_OF_MEMORY',
        `${this.name}: no naturally aligned run of ${count} free frames is left for a large page (${this.limit - this.first} frames in all)`,
      );
    }
    const end = start + count;
    if (start < this.next) {
      this.freed = this.freed.filter((frame) => frame < start || frame >= end);
      this.holes = this.holes.flatMap(([from, to]): Array<[number, number]> => {
        if (to <= start || from >= end) return [[from, to]];
        return [...(from < start ? [[from, start] as [number, number]] : []), ...(to > end ? [[end, to] as [number, number]] : [])];
      });
    }
    if (start > this.next) this.holes.push([this.next, start]);
    if (end > this.next) this.takeNew(end - this.next);
    this.allocated.fill(1, start, end);
    this.allocatedCount += count;
    return start;
  }

  free(frame: number): void {
    if (this.allocated[frame] !== 1) {
      throw new Error(`vmlab internal error: ${this.name}: frame ${frame} freed twice or never allocated`);
    }
    this.allocated[frame] = 0;
    this.allocatedCount--;
    this.freed.push(frame);
  }

  isAllocated(frame: number): boolean {
    return this.allocated[frame] === 1;
  }

  get inUse(): number {
    return this.allocatedCount;
  }

  /** The lowest multiple of `count` starting `count` free frames inside [first, limit), or null. */
  private lowestFreeRun(count: number): number | null {
    for (let start = Math.ceil(this.first / count) * count; start + count <= this.limit; start += count) {
      // Frames from `next` on were never handed out; below it, a frame is free unless allocated.
      if (start >= this.next) return start;
      const taken = this.allocated.indexOf(1, start);
      if (taken === -1 || taken >= start + count) return start;
    }
    return null;
  }

  /** The lowest frame of the first hole. */
  private takeFromHole(): number {
    const hole = this.holes[0];
    const frame = hole[0]++;
    if (hole[0] === hole[1]) this.holes.shift();
    return frame;
  }

  /** Hand out `count` frames from `next` on, growing the allocation map to cover them; returns the first. */
  private takeNew(count: number): number {
    if (this.next + count > this.limit) {
      throw new VmlabError('OUT_OF_MEMORY', `${this.name}: out of frames (${this.limit - this.first} in all)`);
    }
    const frame = this.next;
    this.next += count;
    if (this.next > this.allocated.length) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(this.next, 2 * this.allocated.length)));
      grown.set(this.allocated);
      this.allocated = grown;
    }
    return frame;
  }
}
