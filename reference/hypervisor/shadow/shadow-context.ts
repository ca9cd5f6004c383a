import { Gpa, Gva } from '../../addresses';
import { PagingControl, Walker } from '../../paging/walker';
import { ShadowPageTables } from './shadow-page-tables';

/**
 * What the hypervisor gives its shadow-paging components: the substrate they
 * build on, so they contain the lecture's algorithms and none of the plumbing.
 */
export interface ShadowContext {
  /** The guest's paging controls (CR0.WP, EFER.NXE, depth). */
  readonly control: PagingControl;
  /** The guest's current CR3 (a gPA), or null while it runs its idle context. */
  readonly guestCr3: Gpa | null;
  /** The guest page walker, used as a software walk over guest memory. */
  readonly walker: Walker;
  /** Guest-physical memory as the hypervisor reaches it (its own accesses never trap). */
  readonly guestMemory: {
    /** An entry of guest memory; unbacked memory reads as zero. */
    readEntry(address: Gpa): bigint;
    /** Store into guest memory (emulating a guest store, or setting A/D bits). */
    writeEntry(address: Gpa, value: bigint): void;
    /** The host frame backing a guest frame: gPA -> hPA, allocating a zero-filled host frame on first use. */
    backFrame(guestFrame: number): number;
  };
  /** This VM's shadow tables. */
  readonly shadow: ShadowPageTables;
  /** This VM's TLB entries (its VPID). */
  readonly tlb: {
    invalidatePage(va: Gva): void;
    /** Drop the current context's entries (what a CR3 load does). */
    flushContext(): void;
    /** Drop every entry of this VM (after unlinking a shadow table). */
    flushAll(): void;
  };
}
