import { frameAddress, frameNumber, gpa, hex } from '../../reference/addresses';
import { Machine } from '../../reference/machine/machine';
import { referenceMachine } from '../../reference/reference-components';
import { Mode, ResolvedScenario } from '../../reference/scenario/types';
import { RIGHT_EXECUTE, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { GuestPlatform } from '../../reference/guest/platform';
import { ShadowVm } from '../../reference/hypervisor/shadow/shadow-vm';
import { checkShadowInvariants } from '../../reference/hypervisor/shadow/shadow-invariants';

const P = 1n;
const RW = 2n;
const US = 4n;
const D = 1n << 6n;
const NX = 1n << 63n;
const ADDRESS = 0x000ffffffffff000n;

const PS = 1n << 7n;

/** The lowest address bit each level indexes, top level first: PML5 (bit 48, 5-level paging only), PML4, PDPT, PD, PT. */
const LEVEL_SHIFTS = [48n, 39n, 30n, 21n, 12n];

/**
 * The guest's mapping of the 4 KiB page at `va` (a piece of a large page, or
 * a page of its own) and the size of the guest's page, by a plain walk of
 * `levels` levels written here, independent of the simulator's walker.
 */
function guestMapping(platform: GuestPlatform, root: bigint, va: bigint, levels: 4 | 5) {
  let table = root;
  let writable = true;
  let user = true;
  let executable = true;
  for (const shift of LEVEL_SHIFTS.slice(LEVEL_SHIFTS.length - levels)) {
    const entry = platform.readEntry(gpa(table + ((va >> shift) & 0x1ffn) * 8n));
    if ((entry & P) === 0n) return null;
    writable &&= (entry & RW) !== 0n;
    user &&= (entry & US) !== 0n;
    executable &&= (entry & NX) === 0n;
    if (shift === 12n || (entry & PS) !== 0n) {
      const pageSize = 1n << shift;
      const frame = frameNumber((entry & ADDRESS & ~(pageSize - 1n)) | (va & (pageSize - 1n)));
      return { frame, pageSize, writable, user, executable, dirty: (entry & D) !== 0n };
    }
    table = entry & ADDRESS;
  }
  return null;
}

/**
 * Everything that must hold between two events in any mode: each TLB entry
 * of a VM translates a page its running process maps (no larger than the
 * guest's page), to the host frame that backs it, with no more rights than the guest grants and write permission
 * only for dirty pages; and in shadow mode, the shadow invariants.
 */
export function auditMachine(machine: Machine, vms: Iterable<number>): string[] {
  const problems: string[] = [];
  for (const vm of vms) {
    const parts = machine.vmParts(vm);
    if (parts === undefined) continue;
    const { os, hardware } = parts;
    const pid = os.runningPid;
    const entries = hardware.tlbEntries();
    if (pid === null) {
      if (entries.length > 0) problems.push(`vm ${vm}: ${entries.length} TLB entries while no process is loaded`);
    } else {
      const root = os.pageTableRoot(pid);
      for (const entry of entries) {
        const where = `vm ${vm} pid ${pid} TLB entry for 0x${entry.pageBase.toString(16)}`;
        const mapping = guestMapping(hardware, root, entry.pageBase, os.pagingLevels);
        if (mapping === null) {
          problems.push(`${where}: the page is not mapped by the guest`);
          continue;
        }
        if (entry.pageSize > mapping.pageSize) problems.push(`${where}: page size ${entry.pageSize}, the guest maps ${mapping.pageSize}-byte pages`);
        if (hardware.hostFrameOf(mapping.frame) !== frameNumber(entry.physicalBase)) problems.push(`${where}: wrong host frame`);
        if (entry.rights & RIGHT_WRITE && !mapping.writable) problems.push(`${where}: writable, the guest says read-only`);
        if (entry.rights & RIGHT_USER && !mapping.user) problems.push(`${where}: user, the guest says supervisor`);
        if (entry.rights & RIGHT_EXECUTE && !mapping.executable) problems.push(`${where}: executable, the guest says NX`);
        if (entry.dirty && !mapping.dirty) problems.push(`${where}: serves writes while the guest PTE is clean`);
      }
    }
    if (hardware instanceof ShadowVm) {
      for (const violation of checkShadowInvariants(hardware.state)) {
        problems.push(`vm ${vm} shadow of guest frame ${hex(frameAddress(violation.guestFrame))} level ${violation.level} [${violation.index}]: the ${violation.index < 0 ? 'page' : 'entry'} ${violation.problem}`);
      }
    }
  }
  return problems;
}

/** Play a scenario event by event and audit the machine after each one; returns the first problems found. */
export function auditRun(scenario: ResolvedScenario, mode: Mode): string[] {
  const machine = referenceMachine({ ...scenario.machine, mode });
  const vms = new Set<number>();
  for (const event of scenario.events) {
    machine.run(event);
    vms.add(event.vm);
    const problems = auditMachine(machine, vms);
    if (problems.length > 0) return [`after events[${event.index}] (${event.op}):`, ...problems.slice(0, 10)];
  }
  return [];
}
