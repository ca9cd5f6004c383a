import { bareWalk } from './bare-walk';
import { Figure, bestRate } from './measure';
import { measureSimulate, writeLargeScenario } from './simulate-run';
import { USER_READ, eptWorkload, nativeWorkload } from './workloads';
import { referenceNestedWalker } from '../reference/nested/reference-nested-walker';
import { GUEST_PAGING_CONTROL } from '../reference/paging/walker';
import { referenceWalker } from '../reference/paging/reference-walker';
import { MODES } from '../reference/scenario/types';

/**
 * The simulator's speed and memory figures against the targets of the
 * reference-simulator issue, with a bare-loop baseline. Workloads are built
 * in-process; `vmlab simulate` runs as a child, the way a user runs it.
 */
export function simulatorFigures(): Figure[] {
  const figures: Figure[] = [];

  // TLB-hit-bound: 32 warm pages fit a 64-entry, 4-way TLB without conflicts.
  const hits = nativeWorkload(32);
  for (const va of hits.addresses) hits.computer.translate(va, USER_READ);
  figures.push({
    name: 'TLB-hit accesses (translate + load)',
    value: bestRate(10_000_000, (n) => {
      const { computer, addresses } = hits;
      for (let i = 0; i < n; i++) computer.readWord(computer.translate(addresses[i & 31], USER_READ) as bigint);
    }) / 1e6,
    unit: 'M/s',
    target: { value: 10, better: 'higher' },
  });

  // Page walks over 4096 present pages (8 page tables' worth of leaves).
  const walks = nativeWorkload(4096);
  const readNative = (address: bigint) => walks.computer.memory.readEntry(address);
  const request = { root: walks.root as bigint, va: walks.addresses[0], access: USER_READ, control: GUEST_PAGING_CONTROL };
  const nativeRate = bestRate(2_000_000, (n) => {
    for (let i = 0; i < n; i++) referenceWalker.walk({ ...request, va: walks.addresses[i & 4095] }, readNative);
  });
  figures.push({ name: 'native 4-level walks (reference walker)', value: nativeRate / 1e6, unit: 'M/s', target: { value: 2, better: 'higher' } });
  const bareRate = bestRate(2_000_000, (n) => {
    for (let i = 0; i < n; i++) bareWalk(walks.computer.memory, walks.root, walks.addresses[i & 4095]);
  });
  figures.push({ name: 'native 4-level walks (bare bigint loop)', value: bareRate / 1e6, unit: 'M/s' });
  figures.push({ name: 'reference walker / bare loop', value: nativeRate / bareRate, unit: 'x' });

  // Full 2D walks: 4-level guest tables through a 4-level EPT, no walk caches.
  const nested = eptWorkload(4096);
  const nestedRequest = {
    guest: { root: nested.root as bigint, va: nested.addresses[0], access: USER_READ, control: GUEST_PAGING_CONTROL },
    nested: nested.vm.nestedPaging,
  };
  const nestedRate = bestRate(500_000, (n) => {
    for (let i = 0; i < n; i++) {
      referenceNestedWalker.walk({ ...nestedRequest, guest: { ...nestedRequest.guest, va: nested.addresses[i & 4095] } }, nested.host.memory, referenceWalker);
    }
  });
  figures.push({ name: 'full 2D walks (4x4, 24 references)', value: nestedRate / 1e6, unit: 'M/s', target: { value: 0.5, better: 'higher' } });

  // The CLI on a 100k-event generated scenario, per mode: the fastest of three
  // runs (the least disturbed, as bestRate does) and the largest peak RSS.
  const scenarioFile = writeLargeScenario(100_000);
  for (const mode of MODES) {
    const runs = [1, 2, 3].map(() => measureSimulate(scenarioFile, mode));
    const seconds = Math.min(...runs.map((run) => run.seconds));
    const maxRssMiB = Math.max(...runs.map((run) => run.maxRssMiB));
    figures.push({ name: `vmlab simulate, 100k events, ${mode}: time (best of 3)`, value: seconds, unit: 's', target: { value: 2, better: 'lower' } });
    figures.push({ name: `vmlab simulate, 100k events, ${mode}: peak RSS`, value: maxRssMiB, unit: 'MiB', target: { value: 300, better: 'lower' } });
  }
  return figures;
}
