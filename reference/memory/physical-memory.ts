/**
 * One 4 KiB frame. Its bytes are allocated on the first non-zero write, so a
 * frame that was only zero-filled costs nothing: that keeps a 100k-event
 * scenario well under its memory budget. Once allocated they stay: zeroing
 * clears them in place, since frames are zeroed to be reused at once and a
 * fresh ArrayBuffer costs far more (allocation and GC) than clearing 4 KiB.
 * 64-bit entries and 32-bit data words are two little-endian views of the
 * same bytes, as in real RAM.
 */
export class Frame {
  private entryView: BigUint64Array | null = null;
  private wordView: Uint32Array | null = null;

  readEntry(index: number): bigint {
    return this.entryView === null ? 0n : this.entryView[index];
  }

  writeEntry(index: number, value: bigint): void {
    if (this.entryView === null) {
      if (value === 0n) return;
      this.allocate();
    }
    this.entryView![index] = value;
  }

  readWord(index: number): number {
    return this.wordView === null ? 0 : this.wordView[index];
  }

  writeWord(index: number, value: number): void {
    if (this.wordView === null) {
      if (value === 0) return;
      this.allocate();
    }
    this.wordView![index] = value;
  }

  zero(): void {
    this.wordView?.fill(0);
  }

  copyFrom(source: Frame): void {
    if (source.entryView === null) {
      this.zero();
      return;
    }
    if (this.entryView === null) this.allocate();
    this.entryView!.set(source.entryView);
  }

  /** True when the frame has never held a non-zero byte since it was last zeroed. */
  get isZero(): boolean {
    return this.entryView === null || this.entryView.every((entry) => entry === 0n);
  }

  private allocate(): void {
    const bytes = new ArrayBuffer(4096);
    this.entryView = new BigUint64Array(bytes);
    this.wordView = new Uint32Array(bytes);
  }
}

/**
 * A physical address space made of frames: host RAM, or a bare machine's RAM in
 * native mode. Addresses are bigints; entries are read 8-byte aligned, data as
 * 4-byte aligned words.
 */
export class PhysicalMemory {
  // An array indexed by frame number: faster than a Map on the access path.
  private readonly frames: Array<Frame | undefined> = [];

  constructor(readonly frameCount: number) {}

  frame(frameNumber: number): Frame {
    const frame = this.frames[frameNumber];
    return frame !== undefined ? frame : this.createFrame(frameNumber);
  }

  private createFrame(frameNumber: number): Frame {
    this.checkFrameNumber(frameNumber);
    while (this.frames.length < frameNumber) this.frames.push(undefined);
    const frame = new Frame();
    this.frames[frameNumber] = frame;
    return frame;
  }

  private checkFrameNumber(frameNumber: number): void {
    // An `if`, not `invariant`: its message would be formatted on every call.
    if (!(Number.isInteger(frameNumber) && frameNumber >= 0 && frameNumber < this.frameCount)) {
      throw new Error(`vmlab internal error: frame ${frameNumber} outside physical memory`);
    }
  }

  // Physical addresses stay below 2^52, so one conversion to a double is exact
  // and cheaper than several bigint operations on the hot path. (The alignment
  // checks build their message only on failure: a template literal passed to
  // `invariant` would format the address on every access.)
  readEntry(address: bigint): bigint {
    const byte = Number(address);
    if (byte % 8 !== 0) unaligned('entry read', address);
    return this.frame(Math.floor(byte / 4096)).readEntry((byte % 4096) >>> 3);
  }

  writeEntry(address: bigint, value: bigint): void {
    const byte = Number(address);
    if (byte % 8 !== 0) unaligned('entry write', address);
    this.frame(Math.floor(byte / 4096)).writeEntry((byte % 4096) >>> 3, value);
  }

  /**
   * The entry at byte `offset` (0..4095) of frame `frameNumber`: the same as
   * readEntry, for callers that hold frame numbers, with no bigint address to
   * build and convert.
   */
  readFrameEntry(frameNumber: number, offset: number): bigint {
    if (offset % 8 !== 0) unaligned('entry read', addressIn(frameNumber, offset));
    return this.frame(frameNumber).readEntry(offset >>> 3);
  }

  /** writeEntry at byte `offset` of frame `frameNumber`. */
  writeFrameEntry(frameNumber: number, offset: number, value: bigint): void {
    if (offset % 8 !== 0) unaligned('entry write', addressIn(frameNumber, offset));
    this.frame(frameNumber).writeEntry(offset >>> 3, value);
  }

  readWord(address: bigint): number {
    const byte = Number(address);
    if (byte % 4 !== 0) unaligned('word read', address);
    return this.frame(Math.floor(byte / 4096)).readWord((byte % 4096) >>> 2);
  }

  writeWord(address: bigint, value: number): void {
    const byte = Number(address);
    if (byte % 4 !== 0) unaligned('word write', address);
    this.frame(Math.floor(byte / 4096)).writeWord((byte % 4096) >>> 2, value);
  }

  // A frame never touched reads as zero: zeroing it, or copying it onto one
  // never touched, creates nothing (a 1 GiB page is 262,144 frames).
  zeroFrame(frameNumber: number): void {
    const frame = this.frames[frameNumber];
    if (frame !== undefined) frame.zero();
    else this.checkFrameNumber(frameNumber);
  }

  copyFrame(fromFrame: number, toFrame: number): void {
    const source = this.frames[fromFrame];
    if (source !== undefined) this.frame(toFrame).copyFrom(source);
    else {
      this.checkFrameNumber(fromFrame);
      this.zeroFrame(toFrame);
    }
  }
}

function addressIn(frameNumber: number, offset: number): bigint {
  return BigInt(frameNumber) * 4096n + BigInt(offset);
}

function unaligned(what: string, address: bigint): never {
  throw new Error(`vmlab internal error: unaligned ${what} at 0x${address.toString(16)}`);
}
