import { NestedWalkStage } from '../../../reference/nested/nested-types';
import { NestedWalkProbe, ProbeAccess } from '../../../observe/probe-types';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { RandomPlacement } from './nested-placement';
import { GUEST_OPEN, KIB_4, PAGE_SIZES, TwoDImage, TwoDSetup } from './nested-two-d-image';

export interface SceneOptions {
  readonly setup: TwoDSetup;
  /** Size of the guest page the access lands in. */
  readonly guestPageSize: bigint;
  /** Guest tables anywhere below 1 TiB (true) or packed in low memory, sharing upper nested entries (false). */
  readonly spread: boolean;
  readonly guestLeafFlags?: bigint;
  /** Other pages mapped in the same guest tables, so the tables are not all zeros but the one path. */
  readonly distractors?: number;
}

/** One guest entry the walk reads: its level and its gPA. Rows of the 2D grid, top down. */
export interface GuestEntrySpot {
  readonly level: number;
  readonly gpa: bigint;
}

/**
 * A random 2D setup with one access in mind: `va` is mapped (its guest walk
 * reads `guestEntries`, one per row of the grid) and lands on `dataGpa`, the
 * gPA the last row translates. Generators edit it into the case they want,
 * then take `probe`.
 */
export class Scene {
  readonly image: TwoDImage;
  readonly va: bigint;
  readonly dataGpa: bigint;
  readonly guestEntries: readonly GuestEntrySpot[];

  constructor(
    readonly random: Random,
    readonly options: SceneOptions,
  ) {
    const placement = new RandomPlacement(random, options.spread);
    this.image = new TwoDImage(options.setup, placement);
    this.va = randomVa(random, options.setup.guestLevels);
    const size = options.guestPageSize;
    this.dataGpa = this.image.mapData(this.va, placement.dataPage(size), size, options.guestLeafFlags ?? GUEST_OPEN);
    this.guestEntries = this.image.guestPath(this.va).map((location) => ({ level: location.level, gpa: location.entryAddress }));
    for (let i = 0; i < (options.distractors ?? 0); i++) {
      const other = randomVa(random, options.setup.guestLevels);
      if (other >> 30n === this.va >> 30n) continue; // keep clear of the page (and large page) under test
      this.image.mapData(other, placement.dataPage(size), size, GUEST_OPEN);
    }
  }

  /** The guest level whose entries map the data: 1 for 4 KiB, 2 for 2 MiB, 3 for 1 GiB. */
  get guestLeafLevel(): number {
    return this.guestEntries[this.guestEntries.length - 1].level;
  }

  /** The gPA row `row` of the grid translates: a guest entry's, or the data gPA in the last row. */
  rowGpa(row: number): bigint {
    return row < this.guestEntries.length ? this.guestEntries[row].gpa : this.dataGpa;
  }

  /** The nested levels a walk of `row`'s gPA goes through, top down. */
  nestedLevels(row: number): number[] {
    return this.image.nestedPath(this.rowGpa(row)).map((location) => location.level);
  }

  /**
   * Nested levels at which `row`'s nested entry is used by no earlier row: an
   * edit there changes the walk first in this row. (Guest tables packed
   * together share their upper nested entries, and with 5-level nested
   * paging every gPA shares the PML5 entry.) Plan edits before making any.
   */
  isolatedNestedLevels(row: number): number[] {
    const earlier = new Set<bigint>();
    for (let above = 0; above < row; above++) for (const location of this.image.nestedPath(this.rowGpa(above))) earlier.add(location.entryAddress);
    return this.image
      .nestedPath(this.rowGpa(row))
      .filter((location) => !earlier.has(location.entryAddress))
      .map((location) => location.level);
  }

  probe(kind: AccessKind, user: boolean, va: bigint = this.va): NestedWalkProbe {
    const access: ProbeAccess = { kind, user };
    return this.image.probe(va, access);
  }
}

/** A canonical virtual address for a 4- or 5-level guest, in the lower or upper half. */
export function randomVa(random: Random, guestLevels: 4 | 5): bigint {
  const bits = guestLevels === 4 ? 48n : 57n;
  const low = ((BigInt(random.uint32()) << 32n) | BigInt(random.uint32())) & ((1n << (bits - 1n)) - 1n);
  return random.chance(0.5) ? low : low | (((1n << 64n) - 1n) & ~((1n << (bits - 1n)) - 1n));
}

/** `va` made non-canonical: one bit of the sign extension flipped. */
export function nonCanonical(random: Random, va: bigint, guestLevels: 4 | 5): bigint {
  const bits = guestLevels === 4 ? 48 : 57;
  return va ^ (1n << BigInt(random.int(bits, 63)));
}

/** The parts of a setup a situation may fix; the rest is drawn at random. */
export type SceneChoices = Partial<TwoDSetup> & { readonly guestPageSize?: bigint; readonly guestLeafFlags?: bigint };

/**
 * A scene of `format` with everything not fixed by `choices` drawn at random:
 * mostly 4-level tables (5-level one time in four in each dimension), page
 * sizes of 4 KiB half the time, compact or spread guest tables, A/D enable on
 * or off (NPT ignores it: its tables always keep A/D), a few distractor pages.
 */
export function randomScene(random: Random, format: 'ept' | 'npt', choices: SceneChoices = {}): Scene {
  const depth = (): 4 | 5 => (random.chance(0.25) ? 5 : 4);
  const pageSize = () => (random.chance(0.5) ? KIB_4 : random.pick(PAGE_SIZES));
  const { guestPageSize, guestLeafFlags, ...setupChoices } = choices;
  const setup: TwoDSetup = {
    format,
    guestLevels: depth(),
    nestedLevels: depth(),
    accessedDirty: random.chance(0.5),
    tableHostPageSize: pageSize(),
    dataHostPageSize: pageSize(),
    ...setupChoices,
  };
  return new Scene(random, {
    setup,
    guestPageSize: guestPageSize ?? pageSize(),
    spread: random.chance(0.5),
    distractors: random.int(0, 2),
    ...(guestLeafFlags === undefined ? {} : { guestLeafFlags }),
  });
}

/** Which gPA a nested walk translates: a guest entry's (a guest-table row) or the data gPA (the last row). */
export type Stage = NestedWalkStage;

/** A cell of the grid to break: the row (which gPA) and the nested level on that gPA's path. */
export interface NestedSpot {
  readonly row: number;
  readonly level: number;
}

/**
 * A random row of `stage` (a guest-table row, or the data row) and a nested
 * level of it that `accept`s (given the levels of its path, top down), among
 * the levels no earlier row uses: the walk meets the edit first there. Null
 * when the scene has none.
 */
export function pickNestedSpot(scene: Scene, stage: Stage, accept: (level: number, pathLevels: readonly number[]) => boolean = () => true): NestedSpot | null {
  const rows = stage === 'final' ? [scene.guestEntries.length] : scene.guestEntries.map((_, row) => row);
  const candidates = rows.flatMap((row) => {
    const path = scene.nestedLevels(row);
    const levels = scene.isolatedNestedLevels(row).filter((level) => accept(level, path));
    return levels.length === 0 ? [] : [{ row, levels }];
  });
  if (candidates.length === 0) return null;
  const { row, levels } = scene.random.pick(candidates);
  return { row, level: scene.random.pick(levels) };
}

/** Build scenes until one suits (`attempt` returns a probe); a generator bug if none does in many tries. */
export function firstSuitable(name: string, attempt: () => NestedWalkProbe | null): NestedWalkProbe {
  for (let tries = 0; tries < 50; tries++) {
    const probe = attempt();
    if (probe !== null) return probe;
  }
  throw new Error(`vmlab internal error: no suitable scene for "${name}" in 50 tries`);
}
