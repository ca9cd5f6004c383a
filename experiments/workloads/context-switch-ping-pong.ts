import { ScenarioBuilder } from '../../reference/scenario/builder';
import { Workload, WorkloadSettings, pageOf, scaled, scaledCount } from './workload';

const PROCESSES = 2;
const PAGES_EACH = 16;
const ROUNDS = 3000;
const ACCESSES_PER_TURN = 8;
const BASE = 0x40_0000n;

/**
 * Two processes that hand the CPU back and forth (a pipe, a client and its
 * server), each touching a small working set per turn. Each switch is a CR3
 * write: a VM exit and a shadow-root switch under shadow paging, a plain
 * instruction under EPT; either way the TLB starts cold.
 */
export const contextSwitchPingPong: Workload = {
  name: 'ping-pong',
  title: 'Context-switch ping-pong',
  description: (scale) => `${PROCESSES} processes with ${PAGES_EACH} pages each take ${scaledCount(ROUNDS, scale)} turns each, ${ACCESSES_PER_TURN} accesses per turn.`,
  setUp(scenario: ScenarioBuilder): void {
    for (let pid = 1; pid <= PROCESSES; pid++) {
      scenario.spawn(pid).mmap(pid, BASE, PAGES_EACH, 'rw');
      for (let page = 0; page < PAGES_EACH; page++) scenario.write(pid, pageOf(BASE, page), page);
    }
  },
  measured(scenario: ScenarioBuilder, settings: WorkloadSettings): void {
    for (let round = 0; round < scaled(ROUNDS, settings); round++) {
      for (let pid = 1; pid <= PROCESSES; pid++) {
        for (let access = 0; access < ACCESSES_PER_TURN; access++) {
          const va = pageOf(BASE, (round * ACCESSES_PER_TURN + access) % PAGES_EACH);
          if (access % 4 === 3) scenario.write(pid, va, round);
          else scenario.read(pid, va);
        }
      }
    }
  },
};
