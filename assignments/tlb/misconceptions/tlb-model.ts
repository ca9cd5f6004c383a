import { hex } from '../../../reference/addresses';
import { parseHex } from '../../../observe/memory-image';
import { accessProblem } from '../../../observe/tlb/tlb-access-rule';
import { dropsEntry } from '../../../observe/tlb/tlb-history';
import { TlbEntryObservation } from '../../../observe/tlb/tlb-observation';
import { TlbOperation, TlbProbe } from '../../../observe/tlb/tlb-probe-types';
import { rightsFromLetters } from '../../../observe/tlb/tlb-rights';

/**
 * The spec's TLB replayed over a probe's operations, with one reading of a
 * rule swapped for a common misreading when asked (a `Misreading`): so a
 * recogniser can ask "would a TLB that reads this rule that way have done
 * what the student's did?". Restated from spec.md here, as observe/tlb does,
 * because the reference TLB is the assignment's solution. The default
 * reading is held to the reference's observations by tlb-model.test.ts.
 */
export interface Misreading {
  /** Which page number picks the set: the entry's own (spec), its 4 KiB number, or modulo the ways instead of the sets. */
  readonly setIndex?: 'own-size' | '4kib-number' | 'modulo-ways';
  /** Which page number a lookup compares: the entry's own size (spec) or the 4 KiB one. */
  readonly pageCompare?: 'own-size' | '4kib-number';
  /** Page numbers of all 64 bits (spec) or of the low 32 bits of the address. */
  readonly pageBits?: 64 | 32;
  /** Which entry a full set gives up: LRU (spec), the first filled (hits never refresh), or the most recently used. */
  readonly victim?: 'lru' | 'fifo' | 'mru';
  /** A set counts as full when it holds `ways` entries (spec), or once `ways` fills went into it, whatever was dropped since. */
  readonly fullness?: 'entries' | 'fills';
}

/** What the model says an operation does: as a TLB observation says it. */
export type ModelOutcome = { readonly kind: 'miss' } | { readonly kind: 'hit'; readonly entry: TlbEntryObservation } | { readonly kind: 'filled' } | { readonly kind: 'dropped'; readonly count: number };

/** How an entry left the model's TLB. */
export type Removal = { readonly entry: TlbEntryObservation; readonly at: number; readonly how: 'evicted' | 'replaced' | 'denied' | 'dropped' };

export interface ModelRun {
  readonly outcomes: readonly ModelOutcome[];
  /** Every entry that left, in order. */
  readonly removals: readonly Removal[];
  /** The entries cached before each operation and after the last (index = operations.length), each set from least to most recently used. */
  readonly before: ReadonlyArray<readonly TlbEntryObservation[]>;
}

const PAGE_SIZES: readonly bigint[] = [0x1000n, 0x20_0000n, 0x4000_0000n];

/** Run the probe's operations on the model TLB (the spec's reading unless `misreading` says otherwise). */
export function runModel(probe: TlbProbe, misreading: Misreading = {}): ModelRun {
  const { entries, ways } = probe.config;
  const setCount = entries / ways;
  if (!Number.isInteger(setCount) || setCount < 1) throw new Error(`a TLB of ${entries} entries and ${ways} ways has no whole number of sets`);
  const sets: TlbEntryObservation[][] = Array.from({ length: setCount }, () => []);
  const fills = new Array<number>(setCount).fill(0);
  const outcomes: ModelOutcome[] = [];
  const removals: Removal[] = [];
  const before: TlbEntryObservation[][] = [];

  const pageNumber = (va: bigint, size: bigint) => (misreading.pageBits === 32 ? va & 0xffff_ffffn : va) / size;
  const setOf = (va: bigint, size: bigint) => {
    const number = pageNumber(va, misreading.setIndex === '4kib-number' ? 0x1000n : size);
    return Number(number % BigInt(misreading.setIndex === 'modulo-ways' ? ways : setCount)) % setCount;
  };
  const samePage = (entry: TlbEntryObservation, va: bigint) => {
    const size = misreading.pageCompare === '4kib-number' ? 0x1000n : parseHex(entry.pageSize);
    return pageNumber(parseHex(entry.page), size) === pageNumber(va, size);
  };
  const remove = (set: TlbEntryObservation[], entry: TlbEntryObservation, at: number, how: Removal['how']) => {
    set.splice(set.indexOf(entry), 1);
    removals.push({ entry, at, how });
  };

  for (const [at, operation] of probe.operations.entries()) {
    before.push(sets.flat());
    outcomes.push(step(operation, at));
  }
  before.push(sets.flat());
  return { outcomes, removals, before };

  function step(operation: TlbOperation, at: number): ModelOutcome {
    switch (operation.op) {
      case 'lookup': {
        const va = parseHex(operation.va);
        for (const size of PAGE_SIZES) {
          const set = sets[setOf(va, size)];
          const entry = set.find((e) => parseHex(e.pageSize) === size && e.vpid === operation.vpid && (e.pcid === operation.pcid || e.global) && samePage(e, va));
          if (entry === undefined) continue;
          if (accessProblem(rightsFromLetters(entry.rights), entry.dirty, operation.access, operation.wp) !== null) {
            remove(set, entry, at, 'denied');
            return { kind: 'miss' };
          }
          if (misreading.victim !== 'fifo') {
            set.splice(set.indexOf(entry), 1);
            set.push(entry);
          }
          return { kind: 'hit', entry };
        }
        return { kind: 'miss' };
      }
      case 'fill': {
        const entry = filledEntry(operation);
        const index = setOf(parseHex(entry.page), parseHex(entry.pageSize));
        const set = sets[index];
        const duplicates = set.filter((old) => old.vpid === entry.vpid && old.pageSize === entry.pageSize && samePage(old, parseHex(entry.page)) && (old.pcid === entry.pcid || old.global || entry.global));
        for (const old of duplicates) remove(set, old, at, 'replaced');
        if (duplicates.length === 0) {
          const full = misreading.fullness === 'fills' ? fills[index] >= ways : set.length >= ways;
          if (full && set.length > 0) remove(set, set[misreading.victim === 'mru' ? set.length - 1 : 0], at, 'evicted');
          fills[index]++;
        }
        set.push(entry);
        return { kind: 'filled' };
      }
      default: {
        let count = 0;
        for (const set of sets) {
          for (const entry of [...set]) {
            if (!dropsEntry(operation, entry)) continue;
            remove(set, entry, at, 'dropped');
            count++;
          }
        }
        return { kind: 'dropped', count };
      }
    }
  }
}

/** The entry a fill caches, as an observation shows it. */
export function filledEntry(fill: Extract<TlbOperation, { op: 'fill' }>): TlbEntryObservation {
  const size = parseHex(fill.pageSize);
  return {
    vpid: fill.vpid,
    pcid: fill.pcid,
    global: fill.global,
    page: hex(parseHex(fill.va) & ~(size - 1n)),
    pageSize: fill.pageSize,
    frame: fill.physicalBase,
    rights: fill.rights,
    dirty: fill.dirty,
    ...(fill.mappedPageSize === undefined ? {} : { mappedPageSize: fill.mappedPageSize }),
  };
}

/** Index of the first operation whose outcome `run` and the observed outcomes disagree on; the number compared when none does. */
export function firstDisagreement(run: ModelRun, observed: ReadonlyArray<{ readonly kind: string; readonly entry?: TlbEntryObservation; readonly count?: number } | undefined>): number {
  const count = Math.min(run.outcomes.length, observed.length);
  for (let i = 0; i < count; i++) if (!sameOutcome(run.outcomes[i], observed[i])) return i;
  return count;
}

function sameOutcome(model: ModelOutcome, observed: { readonly kind: string; readonly entry?: TlbEntryObservation; readonly count?: number } | undefined): boolean {
  if (observed === undefined || observed.kind !== model.kind) return false;
  if (model.kind === 'hit') return observed.entry !== undefined && sameEntry(model.entry, observed.entry);
  if (model.kind === 'dropped') return observed.count === model.count;
  return true;
}

/** Same translation: context, page, size, global, frame (rights and dirtiness follow from the fill). */
export function sameEntry(a: TlbEntryObservation, b: TlbEntryObservation): boolean {
  return a.vpid === b.vpid && a.pcid === b.pcid && a.global === b.global && a.page === b.page && a.pageSize === b.pageSize && a.frame === b.frame;
}
