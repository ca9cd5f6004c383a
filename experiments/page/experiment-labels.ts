import { CostModel } from '../../reference/hardware/cost-model';
import { CostCategory } from '../../reference/hardware/stats';
import { ExitReason, Mode } from '../../reference/scenario/types';
import { ConfigurationResult } from '../experiment-types';

/** The words the experiment page uses for the simulator's names, one table each so the compiler checks none is missing. */

export const MODE_LABELS: Readonly<Record<Mode, string>> = { native: 'Native', shadow: 'Shadow paging', ept: 'EPT' };

export const EXIT_REASON_LABELS: Readonly<Record<ExitReason, string>> = {
  'cr3-write': 'CR3 write',
  invlpg: 'INVLPG',
  'pt-write': 'Page-table write',
  'hidden-fault': 'Hidden page fault',
  'guest-fault': 'Guest page fault',
  'ept-violation': 'EPT violation',
  'ept-misconfig': 'EPT misconfiguration',
  'npt-fault': 'NPT fault',
  'vm-switch': 'VM switch',
};

export const COST_CATEGORIES: readonly CostCategory[] = ['tlb-hit', 'page-walk', 'vm-exit', 'hypervisor', 'guest-kernel', 'tlb-flush'];
export const COST_CATEGORY_LABELS: Readonly<Record<CostCategory, string>> = {
  'tlb-hit': 'TLB hits',
  'page-walk': 'Page walks',
  'vm-exit': 'VM exits and entries',
  hypervisor: 'Hypervisor handlers',
  'guest-kernel': 'Guest kernel',
  'tlb-flush': 'TLB flushes',
};

export type PageTableKind = keyof ConfigurationResult['peakPageTablePages'];
export const PAGE_TABLE_KINDS: readonly PageTableKind[] = ['guest', 'shadow', 'ept'];
export const PAGE_TABLE_KIND_LABELS: Readonly<Record<PageTableKind, string>> = { guest: 'Guest page tables', shadow: 'Shadow page tables', ept: 'EPT' };

/** Each flat figure of the cost model in words; the exit handlers' figures are labelled by exit reason. */
export const COST_LABELS: Readonly<Record<Exclude<keyof CostModel, 'exitHandler'>, string>> = {
  tlbHitAccess: 'An access whose translation hits the TLB',
  walkReference: 'One memory reference of a page walk',
  vmExitRoundTrip: 'A VM exit and the VM entry back',
  guestPageFault: 'A page fault delivered to the guest kernel',
  zeroFrame: 'Zero-filling a 4 KiB frame',
  copyFrame: 'Copying a 4 KiB frame (fork)',
  syscall: 'A system call’s entry and exit',
  tlbControlInstruction: 'MOV CR3 or INVLPG run without a trap',
  tlbFlush: 'A whole-TLB flush',
};
