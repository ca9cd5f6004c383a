import { Gva, hex } from '../reference/addresses';
import { Walker } from '../reference/paging/walker';
import { GuestWalkResult } from '../reference/paging/walker';
import { ImageMemory, parseHex } from './memory-image';
import { HexString, WalkProbe } from './probe-types';

export interface WalkStepObservation {
  readonly level: number;
  readonly index: number;
  readonly entryAddress: HexString;
  readonly entry: HexString;
}

export interface AdWriteObservation {
  readonly level: number;
  readonly entryAddress: HexString;
  readonly bits: HexString;
}

/**
 * What a walker did on a WalkProbe. A fault keeps its kind and level only:
 * the reserved-bit `reason` text and the rights gathered before a fault are
 * the walker's own business, not the architecture's.
 */
export interface WalkObservation {
  readonly kind: 'walk';
  readonly steps: readonly WalkStepObservation[];
  readonly result:
    | { readonly ok: true; readonly address: HexString; readonly pageSize: HexString; readonly leafLevel: number; readonly rights: number }
    | { readonly ok: false; readonly fault: string; readonly level?: number };
  readonly adWrites: readonly AdWriteObservation[];
}

/** Run `walker` on the probe's tables; the reader fails (returns null) only at the probe's `failingReads`. */
export function observeWalk(probe: WalkProbe, walker: Walker): WalkObservation {
  const memory = new ImageMemory(probe.memory);
  const failing = new Set((probe.failingReads ?? []).map(parseHex));
  const walk = walker.walk(
    { root: parseHex(probe.root), va: parseHex(probe.va) as Gva, access: probe.access, control: probe.control },
    (address) => (failing.has(address) ? null : memory.readEntry(address)),
  );
  return walkObservation(walk);
}

export function walkObservation(walk: GuestWalkResult): WalkObservation {
  return {
    kind: 'walk',
    steps: walk.steps.map((step) => ({ level: step.level, index: step.index, entryAddress: hex(step.entryAddress), entry: hex(step.entry) })),
    result: walk.ok
      ? { ok: true, address: hex(walk.address), pageSize: hex(walk.pageSize), leafLevel: walk.leafLevel, rights: walk.rights }
      : { ok: false, fault: walk.fault.kind, ...('level' in walk.fault ? { level: walk.fault.level } : {}) },
    adWrites: walk.adWrites.map((write) => ({ level: write.level, entryAddress: hex(write.entryAddress), bits: hex(write.bits) })),
  };
}
