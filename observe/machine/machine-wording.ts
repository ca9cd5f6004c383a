import { hex } from '../../reference/addresses';
import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_G, PTE_NX, PTE_P, PTE_PCD, PTE_PS, PTE_PWT, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { describePageFaultErrorCode } from '../../reference/paging/page-fault';
import { Outcome } from '../../reference/scenario/types';
import { tableName } from '../level-names';
import { HandledFault, MachineEventRecord } from './machine-observation';

/** How the feedback names events, entries and outcomes: one place, so every message speaks alike. */

/** "event 4: write 0x400010 (vm 1, pid 2)" */
export function describeEvent(record: MachineEventRecord): string {
  return `event ${record.event}: ${record.op}${record.va === undefined ? '' : ' ' + record.va} (vm ${record.vm}, pid ${record.pid})`;
}

/** What the guest saw, in words: "read 42", "a protection fault", "PTE present, writable, accessed". */
export function describeOutcome(outcome: Outcome | undefined): string {
  if (outcome === undefined) return 'no outcome';
  if ('fault' in outcome) return outcome.fault === 'unmapped' ? 'an unmapped-address fault' : 'a protection fault';
  if ('value' in outcome) return `the value ${outcome.value}`;
  if ('pte' in outcome) {
    const pte = outcome.pte;
    if (!pte.present) return 'a PTE that is not present';
    const flags = (['writable', 'executable', 'accessed', 'dirty'] as const).map((flag) => (pte[flag] ? flag : `not ${flag}`));
    return `a present PTE: ${flags.join(', ')}`;
  }
  return `a completed ${outcome.op}`;
}

/** A handled page fault: "fixed (hidden fault)", "#PF injected, error code 0x7 (P, W, U), CR2 0x400000". */
export function describeHandledFault(fault: HandledFault | undefined): string {
  if (fault === undefined) return 'no further page fault';
  const on = `${fault.access} at ${fault.va}`;
  if (fault.result === 'fixed') return `${on}: fixed (a hidden fault)`;
  if (fault.result === 'inject') return `${on}: ${describeInjection(fault)}`;
  return `${on}: the handler returned ${fault.returned}`;
}

export function describeInjection(fault: HandledFault): string {
  const code = Number(fault.errorCode);
  return `#PF injected with error code ${fault.errorCode} (${describePageFaultErrorCode(code).join(', ')}), CR2 ${fault.cr2}`;
}

/** The named flags of an x86 page-table entry, low bit first (the address bits and the ignored ones are not flags). */
export const ENTRY_FLAGS: ReadonlyArray<readonly [string, bigint]> = [
  ['P', PTE_P],
  ['RW', PTE_RW],
  ['US', PTE_US],
  ['PWT', PTE_PWT],
  ['PCD', PTE_PCD],
  ['A', PTE_A],
  ['D', PTE_D],
  ['PS', PTE_PS],
  ['G', PTE_G],
  ['NX', PTE_NX],
];

/** "0x8000000000101027 (P RW US A NX; frame 0x101000)" */
export function describeEntry(entry: bigint): string {
  if (entry === 0n) return '0x0 (not present)';
  return `${hex(entry)} (${describeFlags(entry)}; frame ${hex(entry & ENTRY_ADDRESS_MASK)})`;
}

/** "P RW US A NX": the named flags that are set. */
export function describeFlags(entry: bigint): string {
  return ENTRY_FLAGS.filter(([, bit]) => (entry & bit) !== 0n).map(([name]) => name).join(' ') || 'no flags';
}

/** The named flag bits two entries disagree on: "RW set, expected clear; D clear, expected set". Empty if none. */
export function flagDifferences(expected: bigint, got: bigint): string[] {
  const differences: string[] = [];
  for (const [name, bit] of ENTRY_FLAGS) {
    const want = (expected & bit) !== 0n;
    if (want !== ((got & bit) !== 0n)) differences.push(`${name} ${want ? 'clear' : 'set'}, expected ${want ? 'set' : 'clear'}`);
  }
  const otherBits = ~(ENTRY_ADDRESS_MASK | ENTRY_FLAGS.reduce((all, [, bit]) => all | bit, 0n)) & ((1n << 64n) - 1n);
  if ((expected & otherBits) !== (got & otherBits)) differences.push(`other bits ${hex(got & otherBits)}, expected ${hex(expected & otherBits)}`);
  return differences;
}

/** "the guest's PT at gPA 0x104000" */
export function describeGuestTable(table: string, level: number): string {
  return `the guest's ${tableName(level)} at gPA ${table}`;
}

/** "the shadow of the guest's PT at gPA 0x104000", or a direct page's own name. */
export function describeShadowPage(page: { readonly shadows: string; readonly level: number; readonly direct?: boolean }): string {
  return page.direct ? `the direct level-${page.level} shadow page for guest frames from ${page.shadows}` : `the shadow of ${describeGuestTable(page.shadows, page.level)}`;
}

/** ", entry 3 (gVA 0x403000)": the entry and, when known, the first address it maps. */
export function describeIndex(index: number, va: bigint | undefined): string {
  return `, entry ${index}${va === undefined ? '' : ` (gVA ${hex(va)})`}`;
}
