import { ScenarioBuilder } from '../../reference/scenario/builder';
import { PageSizeName } from '../../reference/scenario/types';

/** How a workload is shaped for one run. */
export interface WorkloadSettings {
  /** Map regions of 2 MiB and more with 2 MiB guest pages. */
  readonly guestLargePages: boolean;
  /** Multiplies how long the measured phase runs (rounds, jobs, reads), never the sizes of working sets: 1 in `vmlab experiment`, less in tests. */
  readonly scale: number;
}

/** `count` repetitions at the settings' scale, at least one. */
export function scaled(count: number, settings: WorkloadSettings): number {
  return scaledCount(count, settings.scale);
}

export function scaledCount(count: number, scale: number): number {
  return Math.max(1, Math.round(count * scale));
}

/**
 * A workload: a scenario written in two phases into one builder. The set-up
 * (processes spawned, memory populated) is played but not measured, so the
 * figures describe the steady state the workload is about.
 */
export interface Workload {
  readonly name: string;
  readonly title: string;
  /** What it does, with the counts of a run at `scale`. */
  description(scale: number): string;
  setUp(scenario: ScenarioBuilder, settings: WorkloadSettings): void;
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void;
}

const TWO_MIB = 0x20_0000;

/** The page size a region of `bytes` is mapped with: 2 MiB pages for whole 2 MiB multiples when large pages are on. */
export function regionPageSize(settings: WorkloadSettings, bytes: number): PageSizeName {
  return settings.guestLargePages && bytes % TWO_MIB === 0 ? '2M' : '4K';
}

export const PAGE_BYTES = 0x1000;

/** The address of the `page`-th 4 KiB page of a region starting at `base`. */
export function pageOf(base: bigint, page: number): bigint {
  return base + BigInt(page * PAGE_BYTES);
}
