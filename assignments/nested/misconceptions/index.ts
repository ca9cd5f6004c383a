import { Misconception } from '../../framework/misconception';
import { ACCESSED_DIRTY_MISCONCEPTIONS } from './accessed-dirty';
import { EPT_FAULT_MISCONCEPTIONS } from './ept-faults';
import { GUEST_FAULT_MISCONCEPTIONS } from './guest-faults';
import { NPT_MISCONCEPTIONS } from './npt';
import { WALK_ORDER_MISCONCEPTIONS } from './walk-order';

/**
 * The nested assignment's misconceptions, most specific first: a failing case
 * is diagnosed by the first that recognises it. The references of the walk
 * (which cell, which entry) come first, since a walk that reads the wrong
 * entry shows nothing else reliably; then the fault delivered to the wrong
 * party (guest or hypervisor), which the format-specific checks would
 * misread; then NPT's own rules before the EPT ones; the A/D writes last.
 */
export const MISCONCEPTIONS: readonly Misconception[] = [
  ...WALK_ORDER_MISCONCEPTIONS,
  ...GUEST_FAULT_MISCONCEPTIONS,
  ...NPT_MISCONCEPTIONS,
  ...EPT_FAULT_MISCONCEPTIONS,
  ...ACCESSED_DIRTY_MISCONCEPTIONS,
];
