/** What a walk of one set of page tables reports: the data types shared by every walker and its callers. */

/** One level of a walk: which entry was read and what it held. */
export interface WalkStep {
  readonly level: number;
  readonly index: number;
  /** Address of the entry in the walked tables' own physical space. */
  readonly entryAddress: bigint;
  readonly entry: bigint;
}

/** Bits the walk wants OR-ed into an entry it used (accessed, dirty). */
export interface AdWrite {
  readonly level: number;
  readonly entryAddress: bigint;
  readonly bits: bigint;
}

export type TableWalkFault =
  /** An entry on the path is not present (x86 P=0; EPT R=W=X=0). */
  | { readonly kind: 'not-present'; readonly level: number }
  /** A present entry is malformed: #PF with RSVD on x86, a misconfiguration on EPT. */
  | { readonly kind: 'reserved'; readonly level: number; readonly reason: string }
  /** The combined rights of the walk forbid the access. */
  | { readonly kind: 'protection'; readonly level: number; readonly rights: number }
  /** The memory access that reads the entry failed (in a 2D walk: a nested fault). */
  | { readonly kind: 'access-failed'; readonly level: number };

export type TableWalkResult =
  | {
      readonly ok: true;
      /** The translated address (page base + offset). */
      readonly address: bigint;
      readonly pageSize: bigint;
      readonly leafLevel: number;
      /** AND of the rights of every entry used. */
      readonly rights: number;
      readonly steps: readonly WalkStep[];
      readonly adWrites: readonly AdWrite[];
    }
  | {
      readonly ok: false;
      readonly fault: TableWalkFault;
      /** Rights combined over the entries read before the fault (for EPT exit qualifications). */
      readonly rights: number;
      readonly steps: readonly WalkStep[];
      readonly adWrites: readonly AdWrite[];
    };

/**
 * Reads the 64-bit entry at `entryAddress` for the walk at `level`; returns
 * null if the access itself fails (the caller knows why).
 */
export type EntryReader = (entryAddress: bigint, level: number) => bigint | null;
