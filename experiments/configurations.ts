import { Configuration } from './experiment-types';

const GUEST_WALK_CACHE = 24;
const NESTED_WALK_CACHE = 24;
const NESTED_TLB = 16;

/**
 * The machines every workload runs on: each mode bare, then with the
 * remedies for the cost of a TLB miss, and the virtualized modes without
 * VPIDs (every VM exit and entry then flushes the TLB). Cache sizes are of the order of real
 * parts (Intel's PDE cache has 32 entries, AMD's page walk cache 24; Bhargava
 * et al. evaluate a 16-entry nested TLB).
 */
export const CONFIGURATIONS: readonly Configuration[] = [
  { id: 'native', label: 'Native', mode: 'native', machine: {}, guestLargePages: false },
  { id: 'native-caches', label: 'Native + walk cache', mode: 'native', machine: { walkCaches: { guest: GUEST_WALK_CACHE } }, guestLargePages: false },
  { id: 'native-large', label: 'Native + large pages', mode: 'native', machine: {}, guestLargePages: true },
  { id: 'shadow', label: 'Shadow', mode: 'shadow', machine: {}, guestLargePages: false },
  { id: 'shadow-caches', label: 'Shadow + walk cache', mode: 'shadow', machine: { walkCaches: { guest: GUEST_WALK_CACHE } }, guestLargePages: false },
  { id: 'shadow-large', label: 'Shadow + guest large pages', mode: 'shadow', machine: {}, guestLargePages: true },
  { id: 'shadow-no-vpid', label: 'Shadow without VPID', mode: 'shadow', machine: { vpid: false }, guestLargePages: false },
  { id: 'ept', label: 'EPT', mode: 'ept', machine: {}, guestLargePages: false },
  { id: 'ept-no-vpid', label: 'EPT without VPID', mode: 'ept', machine: { vpid: false }, guestLargePages: false },
  { id: 'ept-5-level', label: 'EPT, 5-level guest and EPT', mode: 'ept', machine: { guestLevels: 5, nestedLevels: 5 }, guestLargePages: false },
  {
    id: 'ept-caches',
    label: 'EPT + walk caches',
    mode: 'ept',
    machine: { walkCaches: { guest: GUEST_WALK_CACHE, nested: NESTED_WALK_CACHE } },
    guestLargePages: false,
  },
  {
    id: 'ept-caches-ntlb',
    label: 'EPT + walk caches + nested TLB',
    mode: 'ept',
    machine: { walkCaches: { guest: GUEST_WALK_CACHE, nested: NESTED_WALK_CACHE }, nestedTlb: NESTED_TLB },
    guestLargePages: false,
  },
  { id: 'ept-host-2m', label: 'EPT + 2 MiB host pages', mode: 'ept', machine: { hostPageSize: '2M' }, guestLargePages: false },
  { id: 'ept-large', label: 'EPT + large pages (guest and host)', mode: 'ept', machine: { hostPageSize: '2M' }, guestLargePages: true },
  {
    id: 'ept-all',
    label: 'EPT + caches, nested TLB, large pages',
    mode: 'ept',
    machine: { walkCaches: { guest: GUEST_WALK_CACHE, nested: NESTED_WALK_CACHE }, nestedTlb: NESTED_TLB, hostPageSize: '2M' },
    guestLargePages: true,
  },
];
