import { Walker } from '../paging/walker';
import { HostEntryReader, NestedWalkRequest, NestedWalkResult } from './nested-types';

export type { HostEntryReader, NestedPagingConfig, NestedWalkRequest, NestedWalkResult } from './nested-types';

/**
 * Student component 4: the hardware's two-dimensional walk under Intel EPT or
 * AMD NPT. Every guest-physical address the guest walk touches (each guest
 * table entry, then the final data address) is itself translated by a walk of
 * the nested tables. For a 4-level guest over 4-level nested tables the
 * references are numbered:
 *
 *                 nested walk of a gPA (hPA of EPT entries)     guest entry
 *                  nL4      nL3      nL2      nL1
 *               +--------+--------+--------+--------+        +--------+
 *   gCR3 gPA -> |   1    |   2    |   3    |   4    | -hPA-> |   5    |  guest PML4E   row 0
 *               +--------+--------+--------+--------+        +--------+
 *   PML4E gPA ->|   6    |   7    |   8    |   9    | -hPA-> |   10   |  guest PDPTE   row 1
 *               +--------+--------+--------+--------+        +--------+
 *   PDPTE gPA ->|   11   |   12   |   13   |   14   | -hPA-> |   15   |  guest PDE     row 2
 *               +--------+--------+--------+--------+        +--------+
 *   PDE gPA  -> |   16   |   17   |   18   |   19   | -hPA-> |   20   |  guest PTE     row 3
 *               +--------+--------+--------+--------+        +--------+
 *   data gPA -> |   21   |   22   |   23   |   24   | -> hPA of the data             row 4
 *               +--------+--------+--------+--------+
 *                column 0 column 1 column 2 column 3          column 4
 *
 * n guest levels over m nested levels cost (n+1)(m+1) - 1 references. The
 * walker returns them, in this order, with the A/D writes both dimensions want
 * and the fault (guest #PF/#GP, EPT violation or misconfiguration, #NPF).
 */
export interface NestedWalker {
  walk(request: NestedWalkRequest, hostMemory: HostEntryReader, guestWalker: Walker): NestedWalkResult;
}
