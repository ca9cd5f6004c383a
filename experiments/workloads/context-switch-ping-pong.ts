import { Workload, WorkloadEvent, WorkloadSettings, pageOf, scaled, scaledCount } from './workload';

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
  *setUp(): Iterable<WorkloadEvent> {
    for (let pid = 1; pid <= PROCESSES; pid++) {
      yield { op: 'spawn', vm: 1, pid };
      yield { op: 'mmap', vm: 1, pid, va: BASE, pages: PAGES_EACH, prot: 'rw' };
      for (let page = 0; page < PAGES_EACH; page++) yield { op: 'write', vm: 1, pid, va: pageOf(BASE, page), value: page };
    }
  },
  *measured(settings: WorkloadSettings): Iterable<WorkloadEvent> {
    for (let round = 0; round < scaled(ROUNDS, settings); round++) {
      for (let pid = 1; pid <= PROCESSES; pid++) {
        for (let access = 0; access < ACCESSES_PER_TURN; access++) {
          const va = pageOf(BASE, (round * ACCESSES_PER_TURN + access) % PAGES_EACH);
          yield access % 4 === 3 ? { op: 'write', vm: 1, pid, va, value: round } : { op: 'read', vm: 1, pid, va };
        }
      }
    }
  },
};
