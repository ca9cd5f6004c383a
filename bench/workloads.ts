import { Gva, gva } from '../reference/addresses';
import { GuestOs } from '../reference/guest/guest-os';
import { EptVm } from '../reference/hypervisor/ept/ept-vm';
import { FIRST_ALLOCATABLE_FRAME, Host } from '../reference/hypervisor/host';
import { NativeComputer } from '../reference/hypervisor/native/native-computer';
import { MachineContext } from '../reference/hardware/machine-context';
import { referenceNestedWalker } from '../reference/nested/reference-nested-walker';
import { FrameAllocator } from '../reference/memory/frame-allocator';
import { Access } from '../reference/paging/rights';
import { referenceWalker } from '../reference/paging/reference-walker';
import { GUEST_PAGING_CONTROL } from '../reference/paging/walker';
import { referenceTlb } from '../reference/tlb/reference-tlb';
import { DEFAULT_TLB_CONFIG } from '../reference/tlb/tlb-config';

export const USER_READ: Access = Object.freeze({ kind: 'read', user: true });
const GUEST_FRAMES = 1 << 16;
const HOST_FRAMES = 1 << 20;
const quietKernel = { kernelWork() {} };

/** `pages` consecutive user pages from 0x400000, spread over page tables like a real heap. */
export function pageAddresses(pages: number, offset = 0x10): Gva[] {
  return Array.from({ length: pages }, (_, page) => gva(0x400000 + page * 4096 + offset));
}

/** Map and demand-fault every page of `addresses` in process 1, as the guest kernel would. */
function populate(os: GuestOs, addresses: readonly Gva[]): void {
  os.spawn(1);
  os.switchTo(1);
  os.mmap(1, gva(0x400000), addresses.length, 'rw');
  for (const va of addresses) os.handlePageFault(1, va, 'write');
}

/** A native machine whose process 1 has `pages` present pages. */
export function nativeWorkload(pages: number) {
  const context = new MachineContext();
  const computer = new NativeComputer({
    memoryFrames: GUEST_FRAMES,
    firstUsableFrame: FIRST_ALLOCATABLE_FRAME,
    tlb: referenceTlb.create(DEFAULT_TLB_CONFIG),
    control: GUEST_PAGING_CONTROL,
    walker: referenceWalker,
    context,
  });
  const os = new GuestOs(computer, computer.frames, quietKernel, GUEST_PAGING_CONTROL.levels);
  const addresses = pageAddresses(pages);
  populate(os, addresses);
  return { computer, context, addresses, root: os.pageTableRoot(1) };
}

/** An EPT (or NPT) VM whose process 1 has `pages` present pages, every frame backed and mapped. */
export function eptWorkload(pages: number, format: 'ept' | 'npt' = 'ept') {
  const context = new MachineContext();
  const host = new Host({ memoryFrames: HOST_FRAMES, tlb: referenceTlb.create(DEFAULT_TLB_CONFIG), vpidEnabled: true, context });
  const vm = new EptVm({
    vm: 1,
    host,
    guestControl: GUEST_PAGING_CONTROL,
    context,
    nested: { format, levels: 4, accessedDirty: false, hostPageSize: '4K' },
    components: { walker: referenceWalker, nestedWalker: referenceNestedWalker },
  });
  const os = new GuestOs(vm, new FrameAllocator('guest RAM', FIRST_ALLOCATABLE_FRAME, GUEST_FRAMES), quietKernel, GUEST_PAGING_CONTROL.levels);
  const addresses = pageAddresses(pages);
  populate(os, addresses);
  for (const va of addresses) vm.translate(va, USER_READ); // EPT violations back the data frames
  return { host, vm, addresses, root: os.pageTableRoot(1) };
}
