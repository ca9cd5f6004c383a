import { Gpa, Hpa } from '../addresses';
import { GuestWalkFault, GuestWalkRequest } from '../paging/walker';

/** How the hardware translates guest-physical addresses: the EPTP (Intel) or nCR3 (AMD) and its controls. */
export interface NestedPagingConfig {
  readonly format: 'ept' | 'npt';
  readonly levels: 4 | 5;
  /** hPA of the top nested table: the EPT PML4 (or PML5), or nCR3. */
  readonly root: bigint;
  /** EPTP bit 6. Ignored for NPT, whose x86-format tables always keep A/D. */
  readonly accessedDirty: boolean;
  /** EPT only: execute-only (X without R) entries allowed. Default true. */
  readonly executeOnly?: boolean;
}

export interface NestedWalkRequest {
  /** The guest's walk; `guest.root` (guest CR3) is a gPA. */
  readonly guest: GuestWalkRequest;
  readonly nested: NestedPagingConfig;
}

/** Host RAM as the 2D walk reads it. */
export interface HostEntryReader {
  readEntry(hpa: bigint): bigint;
}

/** Which guest-physical access a nested walk was translating. */
export type NestedWalkStage = 'guest-table' | 'final';

/**
 * One memory reference of the 2D walk, in the order the hardware makes them.
 * Row i < n is guest level n-i: columns 0..m-1 are the nested walk of that
 * guest table's gPA, column m is the guest entry itself. Row n is the nested
 * walk of the final data gPA.
 */
export interface TwoDReference {
  readonly dimension: 'nested' | 'guest';
  readonly row: number;
  readonly column: number;
  /** Host-physical address of the entry read. */
  readonly address: Hpa;
  /** Guest entries only: the entry's guest-physical address. */
  readonly gpa?: Gpa;
  /** Level of the entry in its own tables (guest levels for guest entries, nested levels for nested ones). */
  readonly level: number;
  readonly entry: bigint;
}

/** A/D bits the guest walk wants set in a guest entry, located in both address spaces. */
export interface GuestAdWrite {
  readonly level: number;
  readonly gpa: Gpa;
  readonly hpa: Hpa;
  readonly bits: bigint;
}

/** A/D bits a nested walk wants set in a nested (EPT or NPT) entry. */
export interface NestedAdWrite {
  readonly level: number;
  /** Host-physical address of the nested entry. */
  readonly hpa: Hpa;
  readonly bits: bigint;
}

/** Fields common to the faults of the nested dimension: where the nested walk stopped. */
interface NestedDimensionFault {
  /** The gPA being translated: a guest entry's address, or the final data address. */
  readonly gpa: Gpa;
  readonly stage: NestedWalkStage;
  /** Stage 'guest-table': the level of the guest entry whose gPA failed to translate. */
  readonly guestLevel?: number;
  /** The nested level at which the nested walk stopped. */
  readonly nestedLevel: number;
}

export type NestedFault =
  /** The guest's own tables refuse the access: #PF (with its error code) or #GP, delivered to the guest without an exit. */
  | { readonly kind: 'guest-fault'; readonly fault: GuestWalkFault; readonly errorCode?: number }
  /** EPT: a not-present entry, or rights that refuse the access (SDM 29.3.3.2). */
  | (NestedDimensionFault & { readonly kind: 'ept-violation'; readonly qualification: number })
  /** EPT: a malformed entry (SDM 29.3.3.1). */
  | (NestedDimensionFault & { readonly kind: 'ept-misconfig'; readonly reason: string })
  /** AMD #NPF (APM 15.25.6). */
  | (NestedDimensionFault & { readonly kind: 'npt-fault'; readonly exitInfo1: bigint });

export interface NestedWalkSuccess {
  readonly ok: true;
  readonly gpa: Gpa;
  readonly hpa: Hpa;
  /** min(guest page size, nested page size): what one TLB entry may cover. */
  readonly pageSize: bigint;
  /** Guest rights AND nested rights of the final translation (RIGHT_* bits). */
  readonly rights: number;
  readonly references: readonly TwoDReference[];
  readonly guestAdWrites: readonly GuestAdWrite[];
  readonly nestedAdWrites: readonly NestedAdWrite[];
}

export interface NestedWalkFailure {
  readonly ok: false;
  readonly fault: NestedFault;
  /** The references made up to and including the one that faulted. */
  readonly references: readonly TwoDReference[];
  readonly guestAdWrites: readonly GuestAdWrite[];
  readonly nestedAdWrites: readonly NestedAdWrite[];
}

export type NestedWalkResult = NestedWalkSuccess | NestedWalkFailure;
