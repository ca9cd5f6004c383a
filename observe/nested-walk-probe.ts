import { Gva, hex } from '../reference/addresses';
import { NestedFault, NestedWalkResult, NestedWalkStage } from '../reference/nested/nested-types';
import { NestedWalker } from '../reference/nested/nested-walker';
import { Walker } from '../reference/paging/walker';
import { ImageMemory, parseHex } from './memory-image';
import { HexString, NestedWalkProbe } from './probe-types';

/** One memory reference of the 2D walk: which cell of the grid, which entry, what it held. */
export interface TwoDReferenceObservation {
  readonly dimension: 'nested' | 'guest';
  readonly row: number;
  readonly column: number;
  /** Host-physical address of the entry read. */
  readonly address: HexString;
  /** Guest entries only: the entry's guest-physical address. */
  readonly gpa?: HexString;
  readonly level: number;
  readonly entry: HexString;
}

/** Where a fault of the nested dimension stopped: the gPA it was translating, for which guest entry, at which nested level. */
export interface NestedStopObservation {
  readonly gpa: HexString;
  readonly stage: NestedWalkStage;
  /** Stage 'guest-table' only: the level of the guest entry whose gPA failed to translate. */
  readonly guestLevel?: number;
  readonly nestedLevel: number;
}

/**
 * A fault as the architecture defines it. Left out on purpose: the reason
 * text of a misconfiguration and of a reserved-bit fault, and the rights
 * gathered before a fault (they are the walker's own business); the EPT
 * qualification, the #PF error code and the #NPF EXITINFO1 carry what the
 * hardware reports.
 */
export type NestedFaultObservation =
  | { readonly kind: 'guest-fault'; readonly guestFault: string; readonly level?: number; readonly errorCode?: number }
  | (NestedStopObservation & { readonly kind: 'ept-violation'; readonly qualification: number })
  | (NestedStopObservation & { readonly kind: 'ept-misconfig' })
  | (NestedStopObservation & { readonly kind: 'npt-fault'; readonly exitInfo1: HexString });

export interface GuestAdWriteObservation {
  readonly level: number;
  readonly gpa: HexString;
  readonly hpa: HexString;
  readonly bits: HexString;
}

export interface NestedAdWriteObservation {
  readonly level: number;
  readonly hpa: HexString;
  readonly bits: HexString;
}

/** What a nested walker did on a NestedWalkProbe. */
export interface NestedWalkObservation {
  readonly kind: 'nested-walk';
  readonly references: readonly TwoDReferenceObservation[];
  readonly result:
    | { readonly ok: true; readonly gpa: HexString; readonly hpa: HexString; readonly pageSize: HexString; readonly rights: number }
    | { readonly ok: false; readonly fault: NestedFaultObservation };
  readonly guestAdWrites: readonly GuestAdWriteObservation[];
  readonly nestedAdWrites: readonly NestedAdWriteObservation[];
}

/**
 * Run `nestedWalker` on the probe's host memory, with `guestWalker` for the
 * guest dimension. The walker gets a read-only view: the walk is pure and
 * reports the A/D writes it wants.
 */
export function observeNestedWalk(probe: NestedWalkProbe, nestedWalker: NestedWalker, guestWalker: Walker): NestedWalkObservation {
  const memory = new ImageMemory(probe.memory);
  const { guest, nested } = probe;
  const result = nestedWalker.walk(
    {
      guest: { root: parseHex(guest.root), va: parseHex(guest.va) as Gva, access: guest.access, control: guest.control },
      nested: {
        format: nested.format,
        levels: nested.levels,
        root: parseHex(nested.root),
        accessedDirty: nested.accessedDirty,
        ...(nested.executeOnly === undefined ? {} : { executeOnly: nested.executeOnly }),
      },
    },
    { readEntry: (hpa) => memory.readEntry(hpa) },
    guestWalker,
  );
  return nestedWalkObservation(result);
}

export function nestedWalkObservation(walk: NestedWalkResult): NestedWalkObservation {
  return {
    kind: 'nested-walk',
    references: walk.references.map((reference) => ({
      dimension: reference.dimension,
      row: reference.row,
      column: reference.column,
      address: hex(reference.address),
      ...(reference.gpa === undefined ? {} : { gpa: hex(reference.gpa) }),
      level: reference.level,
      entry: hex(reference.entry),
    })),
    result: walk.ok
      ? { ok: true, gpa: hex(walk.gpa), hpa: hex(walk.hpa), pageSize: hex(walk.pageSize), rights: walk.rights }
      : { ok: false, fault: faultObservation(walk.fault) },
    guestAdWrites: walk.guestAdWrites.map((write) => ({ level: write.level, gpa: hex(write.gpa), hpa: hex(write.hpa), bits: hex(write.bits) })),
    nestedAdWrites: walk.nestedAdWrites.map((write) => ({ level: write.level, hpa: hex(write.hpa), bits: hex(write.bits) })),
  };
}

function faultObservation(fault: NestedFault): NestedFaultObservation {
  if (fault.kind === 'guest-fault') {
    return {
      kind: 'guest-fault',
      guestFault: fault.fault.kind,
      ...('level' in fault.fault ? { level: fault.fault.level } : {}),
      ...(fault.errorCode === undefined ? {} : { errorCode: fault.errorCode }),
    };
  }
  const stop: NestedStopObservation = {
    gpa: hex(fault.gpa),
    stage: fault.stage,
    ...(fault.guestLevel === undefined ? {} : { guestLevel: fault.guestLevel }),
    nestedLevel: fault.nestedLevel,
  };
  switch (fault.kind) {
    case 'ept-violation':
      return { kind: 'ept-violation', ...stop, qualification: fault.qualification };
    case 'ept-misconfig':
      return { kind: 'ept-misconfig', ...stop };
    case 'npt-fault':
      return { kind: 'npt-fault', ...stop, exitInfo1: hex(fault.exitInfo1) };
  }
}
