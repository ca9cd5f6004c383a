import { ExitReason } from '../scenario/types';
import { CostModel, DEFAULT_COST_MODEL } from './cost-model';
import { CostCategory, SimulationStats, emptyStats } from './stats';

/** The counters and cost meter every part of one simulated machine reports to. */
export class MachineContext {
  readonly stats: SimulationStats = emptyStats();

  constructor(readonly costs: CostModel = DEFAULT_COST_MODEL) {}

  charge(category: CostCategory, cycles: number): void {
    this.stats.cyclesBy[category] += cycles;
    this.stats.cycles += cycles;
  }

  /** Count a VM exit and charge its round trip and handler. */
  vmExit(reason: ExitReason): void {
    this.stats.vmExits++;
    this.stats.vmExitsByReason[reason]++;
    this.charge('vm-exit', this.costs.vmExitRoundTrip);
    this.charge('hypervisor', this.costs.exitHandler[reason]);
  }

  tlbFlushed(): void {
    this.stats.tlbFlushes++;
    this.charge('tlb-flush', this.costs.tlbFlush);
  }

  hardwareWalk(references: number): void {
    this.stats.walks++;
    this.stats.walkMemRefs += references;
    this.charge('page-walk', references * this.costs.walkReference);
  }
}
