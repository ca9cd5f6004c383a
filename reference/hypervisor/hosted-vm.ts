import { Gpa } from '../addresses';
import { MachineContext } from '../machine/machine-context';
import { TlbEntry } from '../tlb/tlb';
import { GuestPhysicalMap } from './guest-physical-map';
import { Host } from './host';

/**
 * What every VM under a hypervisor has, whichever way its memory is
 * virtualized: a VPID on the shared host, lazily backed guest-physical memory,
 * and data accesses that land in host RAM.
 */
export abstract class HostedVm {
  protected readonly vpid: number;
  protected readonly memoryMap: GuestPhysicalMap;

  constructor(
    protected readonly vm: number,
    protected readonly host: Host,
    protected readonly context: MachineContext,
  ) {
    this.vpid = host.vpidOf(vm);
    this.memoryMap = new GuestPhysicalMap(host);
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
  get backedGuestFrames(): number {
    return this.memoryMap.backedFrames;
  }
}
