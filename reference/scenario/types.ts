/**
 * The workload contract (docs/scenario-format.md), as TypeScript types. The JSON
 * Schema in `schema.ts` is typed against these, so the two cannot drift.
 */
export type Mode = 'native' | 'shadow' | 'ept';
export const MODES: readonly Mode[] = ['native', 'shadow', 'ept'];

export type Prot = 'r' | 'rw' | 'rx' | 'rwx';

/** The pages an mmap is mapped with: 4 KiB (the default), or 2 MiB or 1 GiB large pages. */
export type PageSizeName = '4K' | '2M' | '1G';
export const PAGE_SIZE_NAMES: readonly PageSizeName[] = ['4K', '2M', '1G'];
/** The paging level of each page size's leaf: a PTE (1), a PDE (2) or a PDPTE (3). */
export const PAGE_SIZE_LEVELS: Readonly<Record<PageSizeName, number>> = Object.freeze({ '4K': 1, '2M': 2, '1G': 3 });
/** Paging depths a machine can run with: 4-level (48-bit addresses) or 5-level (57-bit). */
export type PagingLevels = 4 | 5;
export const PAGING_LEVELS: readonly PagingLevels[] = [4, 5];

/** An address as written in a scenario: a hex string ("0x7f0000001000") or an integer. */
export type AddressLiteral = string | number;

export interface TlbOptions {
  /** Total entries (default 64). */
  entries?: number;
  /** Associativity (default 4); entries / ways sets. */
  ways?: number;
}

export interface MachineOptions {
  mode?: Mode;
  /** Tag TLB entries with a per-VM VPID (default true). */
  vpid?: boolean;
  tlb?: TlbOptions;
  /** EPT mode: the nested table format, Intel EPT (default) or AMD NPT. */
  nestedFormat?: 'ept' | 'npt';
  /** The guest's paging depth in every mode (CR4.LA57): 4 levels (default, 48-bit addresses) or 5 (57-bit). */
  guestLevels?: PagingLevels;
  /** EPT mode: the nested walk length (EPTP bits 5:3, or AMD's 5-level NPT): 4 (default) or 5. */
  nestedLevels?: PagingLevels;
  /** EPT mode: EPTP bit 6, EPT accessed/dirty flags (default false, as before Haswell). */
  eptAccessedDirty?: boolean;
  /** Guest-physical memory of each VM, in MiB (default 256). */
  guestMemoryMiB?: number;
  /** Host RAM, in MiB (default 4096). */
  hostMemoryMiB?: number;
  /** EPT mode: the pages the nested tables back guest RAM with, 4 KiB (default) or 2 MiB. */
  hostPageSize?: HostPageSizeName;
  /** Paging-structure caches, in entries (default 0: off). */
  walkCaches?: WalkCacheOptions;
  /** EPT mode: entries of the nested TLB, which caches gPA→hPA translations for the 2D walk (default 0: off). */
  nestedTlb?: number;
}

/** The pages the hypervisor backs guest RAM with in ept mode. */
export type HostPageSizeName = '4K' | '2M';
export const HOST_PAGE_SIZE_NAMES: readonly HostPageSizeName[] = ['4K', '2M'];

export interface WalkCacheOptions {
  /** Entries caching the guest's non-leaf page-table entries (the walked tables' in native and shadow modes). */
  guest?: number;
  /** EPT mode: entries caching non-leaf EPT/NPT entries. */
  nested?: number;
}

interface Target {
  vm?: number;
  pid?: number;
}

export type ScenarioEvent =
  | ({ op: 'spawn' } & Target)
  | ({ op: 'exit' } & Target)
  | ({ op: 'fork'; child: number } & Target)
  | ({ op: 'mmap'; va: AddressLiteral; pages: number; prot: Prot; pageSize?: PageSizeName } & Target)
  | ({ op: 'munmap'; va: AddressLiteral; pages: number } & Target)
  | ({ op: 'mprotect'; va: AddressLiteral; pages: number; prot: Prot } & Target)
  | ({ op: 'read'; va: AddressLiteral } & Target)
  | ({ op: 'write'; va: AddressLiteral; value: number } & Target)
  | ({ op: 'exec'; va: AddressLiteral } & Target)
  | ({ op: 'inspect'; va: AddressLiteral } & Target)
  | ({ op: 'clear-ad'; va: AddressLiteral } & Target)
  /** The guest kernel's invlpg of one page, its PTE untouched (a spurious-fault retry, a TLB shootdown). */
  | ({ op: 'invlpg'; va: AddressLiteral } & Target);

export type EventOp = ScenarioEvent['op'];

export interface Scenario {
  name?: string;
  description?: string;
  machine?: MachineOptions;
  events: ScenarioEvent[];
}

/** The guest-visible leaf PTE, as `inspect` reports it. */
export type InspectedPte =
  | { present: false }
  | { present: true; writable: boolean; executable: boolean; accessed: boolean; dirty: boolean };

export type FaultOutcome = 'unmapped' | 'protection';

export type Outcome =
  | { event: number; op: 'read'; value: number }
  | { event: number; op: 'read' | 'write' | 'exec'; fault: FaultOutcome }
  | { event: number; op: 'write' | 'exec' }
  | { event: number; op: 'inspect'; pte: InspectedPte };

/**
 * Why the CPU left the guest. The first six are named by docs/scenario-format.md;
 * `npt-fault` is AMD's nested page fault (#NPF), `vm-switch` the exit that hands
 * the CPU to another VM (a timer or preemption exit in a real hypervisor).
 */
export type ExitReason =
  | 'cr3-write'
  | 'invlpg'
  | 'pt-write'
  | 'hidden-fault'
  | 'guest-fault'
  | 'ept-violation'
  | 'ept-misconfig'
  | 'npt-fault'
  | 'vm-switch';

/** Machine options with every default filled in (see `DEFAULT_MACHINE`). */
export interface ResolvedMachineOptions {
  mode: Mode;
  vpid: boolean;
  tlb: { entries: number; ways: number };
  nestedFormat: 'ept' | 'npt';
  guestLevels: PagingLevels;
  nestedLevels: PagingLevels;
  eptAccessedDirty: boolean;
  guestMemoryMiB: number;
  hostMemoryMiB: number;
  hostPageSize: HostPageSizeName;
  walkCaches: { guest: number; nested: number };
  nestedTlb: number;
}

export const DEFAULT_MACHINE: Readonly<ResolvedMachineOptions> = Object.freeze({
  mode: 'native',
  vpid: true,
  tlb: Object.freeze({ entries: 64, ways: 4 }),
  nestedFormat: 'ept',
  guestLevels: 4,
  nestedLevels: 4,
  eptAccessedDirty: false,
  guestMemoryMiB: 256,
  hostMemoryMiB: 4096,
  hostPageSize: '4K',
  walkCaches: Object.freeze({ guest: 0, nested: 0 }),
  nestedTlb: 0,
});

/**
 * A validated event: defaults applied (vm 1, pid 1), addresses parsed to
 * bigints, and `index` its position in the scenario's `events` (0-based, the
 * number outcomes and errors refer to).
 */
interface Resolved {
  index: number;
  vm: number;
  pid: number;
}
export type ResolvedEvent =
  | ({ op: 'spawn' } & Resolved)
  | ({ op: 'exit' } & Resolved)
  | ({ op: 'fork'; child: number } & Resolved)
  | ({ op: 'mmap'; va: bigint; pages: number; prot: Prot; pageSize?: PageSizeName } & Resolved)
  | ({ op: 'munmap'; va: bigint; pages: number } & Resolved)
  | ({ op: 'mprotect'; va: bigint; pages: number; prot: Prot } & Resolved)
  | ({ op: 'read'; va: bigint } & Resolved)
  | ({ op: 'write'; va: bigint; value: number } & Resolved)
  | ({ op: 'exec'; va: bigint } & Resolved)
  | ({ op: 'inspect'; va: bigint } & Resolved)
  | ({ op: 'clear-ad'; va: bigint } & Resolved)
  | ({ op: 'invlpg'; va: bigint } & Resolved);

export interface ResolvedScenario {
  name: string;
  machine: ResolvedMachineOptions;
  events: ResolvedEvent[];
}
