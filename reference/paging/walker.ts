import { Gva } from '../addresses';
import { Access } from './rights';
import { EntryReader, TableWalkFault, TableWalkResult } from './walk-types';

/**
 * The guest's paging controls: CR0.WP, EFER.NXE, the paging depth (CR4.LA57),
 * and the optional supervisor protections: CR4.SMEP, CR4.SMAP, CR4.PKE with
 * the PKRU register. An absent option is clear (PKRU absent is 0).
 */
export interface PagingControl {
  readonly wp: boolean;
  readonly nxe: boolean;
  readonly levels: 4 | 5;
  /** CR4.SMEP: a supervisor fetch from a user page faults. */
  readonly smep?: boolean;
  /** CR4.SMAP: a supervisor data access to a user page faults, unless explicit with EFLAGS.AC = 1. */
  readonly smap?: boolean;
  /** CR4.PKE: protection keys (leaf bits 62:59) restrict data accesses to user pages through `pkru`. */
  readonly pke?: boolean;
  /** PKRU, 32 bits: for key k, bit 2k is AD (no data access), bit 2k + 1 is WD (no write). Used only with `pke`. */
  readonly pkru?: number;
}

/** What a guest OS on this simulator runs with: WP and NX on, 4-level paging, no SMEP, SMAP or protection keys. */
export const GUEST_PAGING_CONTROL: PagingControl = Object.freeze({ wp: true, nxe: true, levels: 4 });
const FIVE_LEVEL_GUEST_PAGING_CONTROL: PagingControl = Object.freeze({ ...GUEST_PAGING_CONTROL, levels: 5 });

/** The guest's controls at a paging depth: `GUEST_PAGING_CONTROL`, with CR4.LA57 set for 5 levels. */
export function guestPagingControl(levels: 4 | 5): PagingControl {
  return levels === 4 ? GUEST_PAGING_CONTROL : FIVE_LEVEL_GUEST_PAGING_CONTROL;
}

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
