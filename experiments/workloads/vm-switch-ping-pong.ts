import { ScenarioBuilder } from '../../reference/scenario/builder';
import { Workload, WorkloadSettings, pageOf, scaled, scaledCount } from './workload';

const VMS = 2;
const PAGES_EACH = 16;
const ROUNDS = 2000;
const ACCESSES_PER_TURN = 16;
const BASE = 0x40_0000n;

/**
 * Two virtual machines sharing one CPU, each with a process and a small
 * working set, handed the CPU in turn (a timer or an I/O exit). With VPIDs
 * each VM's TLB entries carry its tag and survive the switch, and a turn
 * misses nothing; without them every VM exit and entry flushes the TLB, so
 * each turn starts cold and pays a walk per page: 4 references over shadow
 * tables, 24 in the 2D walk.
 */
export const vmSwitchPingPong: Workload = {
  name: 'vm-switch',
  title: 'VM-switch ping-pong',
  description: (scale) =>
    `${VMS} VMs, each with one process and ${PAGES_EACH} pages, take ${scaledCount(ROUNDS, scale)} turns each on one CPU, ${ACCESSES_PER_TURN} accesses per turn.`,
  setUp(scenario: ScenarioBuilder): void {
    for (let vm = 1; vm <= VMS; vm++) {
      const process = { vm, pid: 1 };
      scenario.spawn(process).mmap(process, BASE, PAGES_EACH, 'rw');
      for (let page = 0; page < PAGES_EACH; page++) scenario.write(process, pageOf(BASE, page), page);
    }
  },
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    for (let round = 0; round < scaled(ROUNDS, settings); round++) {
      for (let vm = 1; vm <= VMS; vm++) {
        for (let access = 0; access < ACCESSES_PER_TURN; access++) scenario.read({ vm, pid: 1 }, pageOf(BASE, access % PAGES_EACH));
      }
    }
  },
};
