import { VmlabError } from '../errors';

/**
 * Deterministic frame allocator: freed frames are reused last-in first-out,
 * otherwise frames are handed out in increasing order from `first`. Two runs of
 * the same scenario therefore place every page and table at the same address,
 * which is what makes golden results and reference orders reproducible.
 * Zero-filling a reused frame is the caller's job (the owner knows whether the
 * frame's contents matter: the guest OS zero-fills, a hypervisor table is
 * cleared when it is built).
 */
export class FrameAllocator {
  private next: number;
  private readonly freed: number[] = [];
  private readonly allocated = new Set<number>();

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
    if (frame === undefined) {
      if (this.next >= this.limit) {
        throw new VmlabError('OUT_OF_MEMORY', `${this.name}: out of frames (${this.limit - this.first} in all)`);
      }
      frame = this.next++;
    }
    this.allocated.add(frame);
    return frame;
  }

  free(frame: number): void {
    if (!this.allocated.delete(frame)) {
      throw new Error(`vmlab internal error: ${this.name}: frame ${frame} freed twice or never allocated`);
    }
    this.freed.push(frame);
  }

  isAllocated(frame: number): boolean {
    return this.allocated.has(frame);
  }

  get inUse(): number {
    return this.allocated.size;
  }
}
