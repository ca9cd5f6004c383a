import { AccessKind } from '../../reference/paging/rights';
import { EventOp, ExitReason, Mode, Outcome } from '../../reference/scenario/types';
import { HexString } from '../probe-types';

/**
 * What the machine built from a set of components did on a scenario: JSON
 * data only (addresses and entries as hex strings, sparse tables), because it
 * crosses a process boundary and lives in golden files. It records raw facts
 * (host frame numbers included); the judge decides which of them matter, so
 * a design that allocates host frames in another order is not penalised.
 */
export interface MachineObservation {
  readonly kind: 'machine';
  readonly mode: Mode;
  /** One record per scenario event, in order, up to the one that stopped the machine. */
  readonly events: readonly MachineEventRecord[];
  /** The hypervisor's state after some events (per the probe's `snapshots`), in event order. */
  readonly snapshots: readonly MachineSnapshot[];
  /** A component threw (or the machine refused what it did) while running this event; nothing after it ran. */
  readonly stopped?: { readonly event: number; readonly message: string };
  /** The contract counters of docs/scenario-format.md at the end; absent when the machine stopped. */
  readonly stats?: ContractStats;
}

/** The counters kept per event, with the stats field each is the change of. */
export const EVENT_COUNTERS = {
  hiddenFaults: 'hiddenPageFaults',
  guestFaults: 'guestPageFaults',
  tlbMisses: 'tlbMisses',
  tlbHits: 'tlbHits',
  walkRefs: 'walkMemRefs',
  tlbFlushes: 'tlbFlushes',
} as const;
export type EventCounter = keyof typeof EVENT_COUNTERS;

/** One event and what the machine did for it. Zero counts are left out. */
export interface MachineEventRecord {
  readonly event: number;
  readonly op: EventOp;
  readonly vm: number;
  readonly pid: number;
  readonly va?: HexString;
  /** For accesses and inspections: what the guest saw (docs/scenario-format.md's outcome). */
  readonly outcome?: Outcome;
  /** VM exits by reason. */
  readonly exits?: Partial<Record<ExitReason, number>>;
  readonly counters?: Partial<Record<EventCounter, number>>;
  /** Shadow mode: every call of the hidden-fault handler during the event, and what it decided. */
  readonly faults?: readonly HandledFault[];
}

/** One page fault the hidden-fault handler was given, and its answer. */
export interface HandledFault {
  readonly va: HexString;
  readonly access: AccessKind;
  /** `invalid`: the handler returned something that is neither answer (shown in `returned`). */
  readonly result: 'fixed' | 'inject' | 'invalid';
  /** For `inject`: the #PF error code and CR2 the guest is given. */
  readonly errorCode?: HexString;
  readonly cr2?: HexString;
  readonly returned?: string;
}

export interface MachineSnapshot {
  /** The index of the event after which it was taken. */
  readonly afterEvent: number;
  readonly vms: readonly VmSnapshot[];
}

/** One VM's state between two events. Table and frame addresses are page-aligned physical addresses. */
export interface VmSnapshot {
  readonly vm: number;
  readonly runningPid: number | null;
  /** The guest's CR3: the running process's top-level table (a gPA), or null in the idle context. */
  readonly guestCr3: HexString | null;
  /** The guest's paging depth when it runs 5-level paging (CR4.LA57); left out for 4 levels. */
  readonly guestLevels?: 5;
  /** Every page-table page of the guest's live processes, as the guest's memory holds it. */
  readonly guestTables: readonly GuestTableDump[];
  /** gPA frame → hPA frame of every backed guest frame (shadow and EPT modes). */
  readonly backing?: Readonly<Record<HexString, HexString>>;
  /** Shadow mode: the hypervisor's shadow tables. */
  readonly shadow?: ShadowDump;
  /** The VM's cached translations, in page order. */
  readonly tlb: readonly TlbEntryDump[];
}

/** Non-zero entries by index (decimal keys). */
export type SparseEntries = Readonly<Record<string, HexString>>;

export interface GuestTableDump {
  /** gPA of the table. */
  readonly table: HexString;
  readonly level: number;
  readonly entries: SparseEntries;
}

export interface ShadowDump {
  /** What the hardware's CR3 holds: the hPA of the loaded shadow root, or null. */
  readonly root: HexString | null;
  /** The guest frames (gPAs) the hypervisor write-protected, in address order; absent in observations older than the field. */
  readonly protected?: readonly HexString[];
  readonly pages: readonly ShadowPageDump[];
}

export interface ShadowPageDump {
  /** hPA of the shadow page. */
  readonly table: HexString;
  /** gPA of the guest table it shadows; for a direct page, of the first guest frame it maps. */
  readonly shadows: HexString;
  readonly level: number;
  readonly direct?: true;
  /** The hypervisor marked it out of sync (its guest table may be unprotected, its entries behind until the guest's next invalidation). */
  readonly unsync?: true;
  /** Present entries by index. */
  readonly entries: SparseEntries;
}

export interface TlbEntryDump {
  /** Virtual page base. */
  readonly page: HexString;
  /** Left out for 4 KiB pages. */
  readonly size?: HexString;
  /** Physical (host-physical under a hypervisor) page base. */
  readonly frame: HexString;
  /** describeRights(): "rw-u" and so on. */
  readonly rights: string;
  /** Writes may use it (the leaf was dirty when it was filled). */
  readonly dirty: boolean;
  /** The entry's tags, recorded only when the probe asks (MachineProbe.tlbTags): its VPID, its PCID, and the leaf's G bit. */
  readonly vpid?: number;
  readonly pcid?: number;
  readonly global?: boolean;
}

/** The counters docs/scenario-format.md fixes, at the end of the run. */
export interface ContractStats {
  readonly accesses: number;
  readonly tlbHits: number;
  readonly tlbMisses: number;
  readonly walkMemRefs: number;
  readonly guestPageFaults: number;
  readonly hiddenPageFaults: number;
  readonly vmExits: number;
  readonly vmExitsByReason: Readonly<Record<ExitReason, number>>;
  readonly tlbFlushes: number;
  readonly pageTablePages: { readonly guest: number; readonly shadow: number; readonly ept: number };
  readonly cycles: number;
}
