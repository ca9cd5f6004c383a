import { Gpa } from '../addresses';
import { MachineContext } from '../hardware/machine-context';
import { TlbEntry } from '../tlb/tlb-entry';
import { GuestPhysicalMap } from './guest-physical-map';
import { Host } from './host';
import { PagingControl } from '../paging/walker';

/** What places a VM on the host, for every mode's constructor. */
export interface HostedVmOptions {
  /** The VM's number in the scenario (1, 2, ...): its VPID when VPIDs are on. */
  readonly vm: number;
  readonly host: Host;
  /** The guest's CR0.WP, EFER.NXE and paging depth (CR4.LA57). */
  readonly guestControl: PagingControl;
  readonly context: MachineContext;
}

/**
 * What every VM under a hypervisor has, whichever way its memory is
 * virtualized: a VPID on the shared host, lazily backed guest-physical memory,
 * and data accesses that land in host RAM.
 */
export abstract class HostedVm {
  protected readonly vpid: number;
  protected readonly memoryMap: GuestPhysicalMap;

  protected readonly vm: number;
  protected readonly host: Host;
  protected readonly context: MachineContext;

  constructor({ vm, host, context }: HostedVmOptions) {
    this.vm = vm;
    this.host = host;
    this.context = context;
    this.vpid = host.vpidOf(vm);
    this.memoryMap = new GuestPhysicalMap(host);
  }

  /** The guest kernel's first touch of a guest frame: the hypervisor backs it (and counts the exit). */
  protected abstract ensureBacked(guestFrame: number): void;

  /** The guest kernel is about to overwrite a whole frame (zero-fill, fork's copy). */
  protected beforeFrameOverwrite(guestFrame: number): void {
    void guestFrame;
  }

  readEntry(address: Gpa): bigint {
    return this.memoryMap.readEntry(address);
  }
  hostFrameOf(guestFrame: number): number | undefined {
    return this.memoryMap.hostFrameOf(guestFrame);
  }
  tlbEntries(): TlbEntry[] {
    return this.host.tlbEntriesOf(this.vm);
  }
  readWord(physical: bigint): number {
    return this.host.memory.readWord(physical);
  }
  writeWord(physical: bigint, value: number): void {
    this.host.memory.writeWord(physical, value);
  }
  zeroFrame(frame: number): void {
    // An unbacked frame already reads as zero, and gets a zero-filled host frame when first used.
    const hostFrame = this.memoryMap.hostFrameOf(frame);
    if (hostFrame === undefined) return;
    this.beforeFrameOverwrite(frame);
    this.host.memory.zeroFrame(hostFrame);
  }
  copyFrame(fromFrame: number, toFrame: number): void {
    const source = this.memoryMap.hostFrameOf(fromFrame);
    if (source === undefined) {
      this.zeroFrame(toFrame);
      return;
    }
    this.ensureBacked(toFrame);
    this.beforeFrameOverwrite(toFrame);
    this.host.memory.copyFrame(source, this.memoryMap.back(toFrame));
  }
  get backedGuestFrames(): number {
    return this.memoryMap.backedFrames;
  }
}
