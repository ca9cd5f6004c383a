import { CostModel } from '../reference/hardware/cost-model';
import { CostCategory, WalkCacheHits } from '../reference/hardware/stats';
import { ExitReason, MachineOptions, Mode } from '../reference/scenario/types';

/** One way of running a workload: a mode and its hardware options. */
export interface Configuration {
  /** Stable id, used in results.json and by tests ("ept-caches"). */
  readonly id: string;
  /** What a chart's legend says ("EPT + walk caches"). */
  readonly label: string;
  readonly mode: Mode;
  /** Machine options on top of the mode (walk caches, nested TLB, host page size). */
  readonly machine: MachineOptions;
  /** The workload maps its big regions with 2 MiB guest pages. */
  readonly guestLargePages: boolean;
}

/** What one workload cost under one configuration, over its measured phase (after its set-up). */
export interface ConfigurationResult {
  readonly configuration: string;
  readonly label: string;
  readonly mode: Mode;
  readonly accesses: number;
  readonly cycles: number;
  readonly cyclesPerAccess: number;
  readonly cyclesBy: Record<CostCategory, number>;
  readonly tlbMisses: number;
  readonly walks: number;
  readonly walkMemRefs: number;
  /** walkMemRefs / walks: memory references per TLB miss (0 without walks). */
  readonly refsPerWalk: number;
  readonly guestPageFaults: number;
  readonly hiddenPageFaults: number;
  readonly vmExits: number;
  readonly vmExitsByReason: Record<ExitReason, number>;
  readonly walkCacheHits: WalkCacheHits;
  /** Most page-table pages in use at once during the whole run, by kind. */
  readonly peakPageTablePages: { readonly guest: number; readonly shadow: number; readonly ept: number };
}

export interface WorkloadResult {
  /** The workload's name, as `vmlab experiment <name>` takes it. */
  readonly workload: string;
  readonly title: string;
  /** What the workload does and why it matters, in a sentence or two. */
  readonly description: string;
  /** Events played in the measured phase. */
  readonly events: number;
  readonly runs: readonly ConfigurationResult[];
}

/** A published claim, the model's figure for it, and whether the model shows the same direction. */
export interface ClaimCheck {
  readonly id: string;
  /** The claim in words ("EPT beats shadow paging on context switches"). */
  readonly claim: string;
  /** Where it was published. */
  readonly source: string;
  /** The published figure, as the source states it ("up to 6x"). */
  readonly published: string;
  /** The model's figure, in the same terms ("4.2x"). */
  readonly model: string;
  readonly holds: boolean;
  /** The workloads the model's figure comes from. */
  readonly workloads: readonly string[];
}

/** Everything `vmlab experiment` writes to results.json, and what index.html is rendered from. */
export interface ExperimentResults {
  /** The fraction of each workload's measured phase that ran (1: all of it). */
  readonly scale: number;
  readonly costModel: CostModel;
  readonly configurations: readonly Configuration[];
  readonly workloads: readonly WorkloadResult[];
  /** The claims whose workloads ran. */
  readonly claims: readonly ClaimCheck[];
}
