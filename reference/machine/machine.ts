import { Gva } from '../addresses';
import { Components } from '../components';
import { NoProgressError, invariant } from '../errors';
import { FrameAllocator } from '../memory/frame-allocator';
import { GuestKernelMeter, GuestOs } from '../guest/guest-os';
import { EptVm } from '../hypervisor/ept/ept-vm';
import { FIRST_ALLOCATABLE_FRAME, Host } from '../hypervisor/host';
import { NativeComputer } from '../hypervisor/native/native-computer';
import { ShadowVm } from '../hypervisor/shadow/shadow-vm';
import { Access } from '../paging/rights';
import { guestPagingControl } from '../paging/walker';
import { Outcome, PAGE_SIZE_LEVELS, ResolvedEvent, ResolvedMachineOptions } from '../scenario/types';
import { CostModel, DEFAULT_COST_MODEL } from '../hardware/cost-model';
import { MachineContext } from '../hardware/machine-context';
import { SimulationStats } from '../hardware/stats';
import { VmHardware } from '../hardware/translation';

const FRAMES_PER_MIB = 256;
/** A demand fault resolves in one round; a second fault on the same access would be a simulator bug. */
const MAX_GUEST_FAULTS_PER_ACCESS = 2;

const USER_ACCESSES: Readonly<Record<'read' | 'write' | 'exec', Access>> = Object.freeze({
  read: Object.freeze({ kind: 'read', user: true }),
  write: Object.freeze({ kind: 'write', user: true }),
  exec: Object.freeze({ kind: 'fetch', user: true }),
});

interface VirtualMachine {
  readonly os: GuestOs;
  readonly hardware: VmHardware;
}

/**
 * The whole simulated machine: one guest OS per VM, on the hardware of the
 * chosen mode. It plays a scenario's events one by one and reports the
 * guest-visible outcome of each access and inspection.
 */
export class Machine {
  readonly context: MachineContext;
  private readonly vms = new Map<number, VirtualMachine>();
  private readonly host: Host | null;

  constructor(
    readonly options: ResolvedMachineOptions,
    private readonly components: Components,
    costs: CostModel = DEFAULT_COST_MODEL,
  ) {
    this.context = new MachineContext(costs);
    this.host =
      options.mode === 'native'
        ? null
        : new Host({
            memoryFrames: options.hostMemoryMiB * FRAMES_PER_MIB,
            tlb: components.tlb.create(options.tlb),
            vpidEnabled: options.vpid,
            context: this.context,
            caches: { guestWalkCache: options.walkCaches.guest, nested: { walkCache: options.walkCaches.nested, nestedTlb: options.nestedTlb } },
          });
  }

  /** Play one event; returns its outcome for accesses and inspections, null otherwise. */
  run(event: ResolvedEvent): Outcome | null {
    const { os, hardware } = this.vm(event.vm);
    this.host?.switchTo(event.vm);
    let outcome: Outcome | null = null;
    switch (event.op) {
      case 'spawn':
        os.spawn(event.pid);
        break;
      case 'exit':
        os.switchTo(event.pid);
        os.exit(event.pid);
        break;
      case 'fork':
        os.switchTo(event.pid);
        os.fork(event.pid, event.child);
        break;
      case 'mmap':
        os.switchTo(event.pid);
        os.mmap(event.pid, event.va as Gva, event.pages, event.prot, PAGE_SIZE_LEVELS[event.pageSize ?? '4K']);
        break;
      case 'munmap':
        os.switchTo(event.pid);
        os.munmap(event.pid, event.va as Gva, event.pages);
        break;
      case 'mprotect':
        os.switchTo(event.pid);
        os.mprotect(event.pid, event.va as Gva, event.pages, event.prot);
        break;
      case 'read':
      case 'write':
      case 'exec': {
        os.switchTo(event.pid);
        // Only a fault or an exit can build tables: keep the TLB-hit path free of bookkeeping.
        const { guestPageFaults, vmExits } = this.context.stats;
        outcome = this.userAccess(os, hardware, event);
        if (guestPageFaults === this.context.stats.guestPageFaults && vmExits === this.context.stats.vmExits) return outcome;
        break;
      }
      case 'inspect':
        outcome = { event: event.index, op: 'inspect', pte: os.inspect(event.pid, event.va as Gva) };
        break;
      case 'clear-ad':
        os.clearAccessedDirty(event.pid, event.va as Gva);
        break;
      case 'invlpg':
        os.switchTo(event.pid);
        os.invalidatePage(event.pid, event.va as Gva);
        break;
    }
    this.trackPageTablePeak();
    return outcome;
  }

  /** The counters so far, with the end-of-run figures filled in. */
  stats(): SimulationStats {
    const stats = this.context.stats;
    stats.pageTablePages = this.pageTablePages();
    stats.refsPerWalk = stats.walks === 0 ? 0 : stats.walkMemRefs / stats.walks;
    stats.hostFramesBackingGuests = [...this.vms.values()].reduce((sum, vm) => sum + vm.hardware.backedGuestFrames, 0);
    return stats;
  }

  /** A VM's guest OS and hardware, once the VM exists (for tools and audits). */
  vmParts(id: number): { readonly os: GuestOs; readonly hardware: VmHardware } | undefined {
    return this.vms.get(id);
  }

  private userAccess(os: GuestOs, hardware: VmHardware, event: Extract<ResolvedEvent, { op: 'read' | 'write' | 'exec' }>): Outcome {
    const stats = this.context.stats;
    stats.accesses++;
    const access = USER_ACCESSES[event.op];
    const va = event.va as Gva;
    for (let round = 0; round < MAX_GUEST_FAULTS_PER_ACCESS; round++) {
      const translation = hardware.translate(va, access);
      if (typeof translation === 'bigint') {
        if (event.op === 'read') return { event: event.index, op: 'read', value: hardware.readWord(translation) };
        if (event.op === 'write') hardware.writeWord(translation, event.value);
        return { event: event.index, op: event.op };
      }
      stats.guestPageFaults++;
      this.context.charge('guest-kernel', this.context.costs.guestPageFault);
      const resolution = os.handlePageFault(event.pid, va, access.kind);
      if (resolution !== 'retry') return { event: event.index, op: event.op, fault: resolution };
    }
    throw new NoProgressError(`event ${event.index} still faults after demand paging`);
  }

  private vm(id: number): VirtualMachine {
    let vm = this.vms.get(id);
    if (vm === undefined) {
      vm = this.createVm(id);
      this.vms.set(id, vm);
    }
    return vm;
  }

  private createVm(id: number): VirtualMachine {
    const { options, components, context } = this;
    const guestFrames = options.guestMemoryMiB * FRAMES_PER_MIB;
    const meter: GuestKernelMeter = {
      kernelWork: (kind) => {
        const costs = context.costs;
        context.charge('guest-kernel', kind === 'zero-frame' ? costs.zeroFrame : kind === 'copy-frame' ? costs.copyFrame : costs.syscall);
      },
    };
    const guestControl = guestPagingControl(options.guestLevels);
    if (options.mode === 'native') {
      const computer = new NativeComputer({
        memoryFrames: guestFrames,
        firstUsableFrame: FIRST_ALLOCATABLE_FRAME,
        tlb: components.tlb.create(options.tlb),
        walkCacheEntries: options.walkCaches.guest,
        control: guestControl,
        walker: components.walker,
        context,
      });
      return { os: new GuestOs(computer, computer.frames, meter, guestControl.levels), hardware: computer };
    }
    const host = this.host;
    invariant(host !== null, 'virtualized modes have a host');
    const frames = new FrameAllocator(`vm ${id} guest RAM`, FIRST_ALLOCATABLE_FRAME, guestFrames);
    const nested = { format: options.nestedFormat, levels: options.nestedLevels, accessedDirty: options.eptAccessedDirty, hostPageSize: options.hostPageSize };
    const hardware =
      options.mode === 'shadow'
        ? new ShadowVm({ vm: id, host, guestControl, context, components })
        : new EptVm({ vm: id, host, guestControl, context, nested, components });
    return { os: new GuestOs(hardware, frames, meter, guestControl.levels), hardware };
  }

  private pageTablePages(): SimulationStats['pageTablePages'] {
    const pages = { guest: 0, shadow: 0, ept: 0 };
    for (const vm of this.vms.values()) {
      pages.guest += vm.os.pageTablePages;
      pages.shadow += vm.hardware.shadowPageTablePages;
      pages.ept += vm.hardware.nestedPageTablePages;
    }
    return pages;
  }

  private trackPageTablePeak(): void {
    const now = this.pageTablePages();
    const peak = this.context.stats.peakPageTablePages;
    peak.guest = Math.max(peak.guest, now.guest);
    peak.shadow = Math.max(peak.shadow, now.shadow);
    peak.ept = Math.max(peak.ept, now.ept);
  }
}
