import { Gpa, frameAddress } from '../addresses';
import { Host } from './host';

/**
 * The hypervisor's record of which host frame backs each guest-physical frame
 * (KVM's memslots). Guest memory is backed lazily: a guest frame has no host
 * frame until it is first touched, and an unbacked frame reads as zero, which
 * is exactly what a fresh, zero-filled host frame will hold once allocated.
 */
export class GuestPhysicalMap {
  private readonly hostFrames = new Map<number, number>();

  constructor(private readonly host: Host) {}

  hostFrameOf(guestFrame: number): number | undefined {
    return this.hostFrames.get(guestFrame);
  }

  isBacked(guestFrame: number): boolean {
    return this.hostFrames.has(guestFrame);
  }

  /** The host frame backing `guestFrame`, allocated zero-filled on first use. */
  back(guestFrame: number): number {
    let hostFrame = this.hostFrames.get(guestFrame);
    if (hostFrame === undefined) {
      hostFrame = this.host.allocateZeroedFrame();
      this.hostFrames.set(guestFrame, hostFrame);
    }
    return hostFrame;
  }

  /**
   * Back `count` guest frames from `firstGuestFrame` (none of them backed yet)
   * with one aligned run of host frames, as a 2 MiB host page needs; returns
   * the first host frame.
   */
  backRun(firstGuestFrame: number, count: number): number {
    for (let offset = 0; offset < count; offset++) {
      if (this.hostFrames.has(firstGuestFrame + offset)) throw new Error(`vmlab internal error: guest frame ${firstGuestFrame + offset} is already backed on its own`);
    }
    const firstHostFrame = this.host.allocateZeroedRun(count);
    for (let offset = 0; offset < count; offset++) this.hostFrames.set(firstGuestFrame + offset, firstHostFrame + offset);
    return firstHostFrame;
  }

  /** Host-physical address of a backed guest-physical address. */
  hostAddress(address: Gpa, hostFrame: number): bigint {
    return frameAddress(hostFrame) | (address & 0xfffn);
  }

  // Guest-physical addresses stay below 2^52: one conversion to a double is
  // exact, and frame and offset then cost no bigint operation.
  readEntry(address: Gpa): bigint {
    const byte = Number(address);
    const hostFrame = this.hostFrames.get(Math.floor(byte / 4096));
    return hostFrame === undefined ? 0n : this.host.memory.readFrameEntry(hostFrame, byte % 4096);
  }

  /** The hypervisor's own store into guest memory (never trapped). */
  writeEntry(address: Gpa, value: bigint): void {
    const byte = Number(address);
    this.host.memory.writeFrameEntry(this.back(Math.floor(byte / 4096)), byte % 4096, value);
  }

  get backedFrames(): number {
    return this.hostFrames.size;
  }
}
