import { Gva } from '../addresses';
import { EntryFormat } from './entry-format';
import { PagingGeometry, geometryForLevels, isCanonical } from './geometry';
import { Access } from './rights';
import { EntryReader, TableWalkFault, TableWalkResult, walkTables } from './walk-tables';
import { x86Format } from './x86-format';

/** The guest's paging controls: CR0.WP, EFER.NXE and the paging depth (CR4.LA57). */
export interface PagingControl {
  readonly wp: boolean;
  readonly nxe: boolean;
  readonly levels: 4 | 5;
}

/** What a guest OS on this simulator runs with: WP and NX on, 4-level paging. */
export const GUEST_PAGING_CONTROL: PagingControl = Object.freeze({ wp: true, nxe: true, levels: 4 });

export interface GuestWalkRequest {
  /** Page-table base from CR3: a guest-physical address (an hPA when the hardware walks shadow tables). */
  readonly root: bigint;
  readonly va: Gva;
  readonly access: Access;
  readonly control: PagingControl;
}

/** A non-canonical address raises #GP before any walk (SDM 4.5). */
export type GuestWalkFault = TableWalkFault | { readonly kind: 'non-canonical' };

export type GuestWalkResult =
  | Extract<TableWalkResult, { ok: true }>
  | { readonly ok: false; readonly fault: GuestWalkFault; readonly rights: number; readonly steps: TableWalkResult['steps']; readonly adWrites: TableWalkResult['adWrites'] };

/**
 * Student component 1: the x86-64 page walk. Given CR3, a virtual address and
 * an access, return the translation or the fault, the entries read in order
 * and the A/D bits to set. `readEntry` is the only way to memory: it returns
 * the entry at a table address, or null when that access itself failed (then
 * stop with an `access-failed` fault at that level).
 */
export interface Walker {
  walk(request: GuestWalkRequest, readEntry: EntryReader): GuestWalkResult;
}

/** x86 formats are immutable and depend only on the controls: one per (NXE, WP), built up front. */
const FORMATS_BY_NXE_WP: readonly EntryFormat[] = [
  x86Format({ nxe: false, wp: false }),
  x86Format({ nxe: false, wp: true }),
  x86Format({ nxe: true, wp: false }),
  x86Format({ nxe: true, wp: true }),
];
export function x86FormatFor(control: PagingControl): EntryFormat {
  return FORMATS_BY_NXE_WP[(control.nxe ? 2 : 0) | (control.wp ? 1 : 0)];
}

/** The reference walker: a canonical check, then the shared walk loop over x86 entries. */
export const referenceWalker: Walker = {
  walk(request, readEntry) {
    const geometry: PagingGeometry = geometryForLevels(request.control.levels);
    if (!isCanonical(request.va, geometry)) {
      return { ok: false, fault: { kind: 'non-canonical' }, rights: 0, steps: [], adWrites: [] };
    }
    return walkTables(geometry, x86FormatFor(request.control), request.root, request.va, request.access, readEntry);
  },
};
