import type { MachineOptions } from '../../reference/scenario/types';

/**
 * Machine options that change what the hardware does and what it costs, never
 * what the guest sees. Equivalence tests run scenarios under each of them.
 */
export const MACHINE_VARIANTS: ReadonlyArray<readonly [string, MachineOptions]> = [
  ['defaults', {}],
  ['no VPID', { vpid: false }],
  ['8-entry 2-way TLB', { tlb: { entries: 8, ways: 2 } }],
  ['AMD NPT, no VPID', { nestedFormat: 'npt', vpid: false }],
  ['EPT accessed/dirty flags, 16-entry 4-way TLB', { eptAccessedDirty: true, tlb: { entries: 16, ways: 4 } }],
  ['AMD NPT, 8-entry 2-way TLB', { nestedFormat: 'npt', tlb: { entries: 8, ways: 2 } }],
  ['fully associative 4-entry TLB, no VPID, EPT A/D', { tlb: { entries: 4, ways: 4 }, vpid: false, eptAccessedDirty: true }],
  ['walk caches in both dimensions and a nested TLB', { walkCaches: { guest: 8, nested: 8 }, nestedTlb: 8 }],
  ['2 MiB host pages, 4-entry walk caches, no VPID', { hostPageSize: '2M', walkCaches: { guest: 4, nested: 4 }, vpid: false }],
  ['5-level guest over 5-level EPT', { guestLevels: 5, nestedLevels: 5 }],
];
