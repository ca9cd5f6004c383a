import { ScenarioEvent } from '../../reference/scenario/types';
import { scenarioNeeds, withNeeds } from './scenario-needs';

const EVENTS: ScenarioEvent[] = [
  { op: 'spawn' }, // 0
  { op: 'mmap', va: '0x400000', pages: 2, prot: 'rw' }, // 1
  { op: 'spawn', pid: 2 }, // 2
  { op: 'fork', child: 3 }, // 3: child of pid 1, inherits the mapping of 1
  { op: 'write', pid: 3, va: '0x401000', value: 1 }, // 4
  { op: 'read', pid: 2, va: '0x400000' }, // 5: pid 2 has no mapping there
  { op: 'mmap', va: '0x800000', pages: 1, prot: 'r', vm: 2 }, // 6: vm 2 has no process 1
  { op: 'exit', pid: 3 }, // 7
];

test.each([
  [[4], [0, 1, 3, 4]],
  [[5], [2, 5]],
  [[7], [0, 3, 7]],
  [[1, 5], [0, 1, 2, 5]],
  [[6], [6]],
])('keeping events %j keeps %j: the processes they run in and the mmaps of the pages they touch', (kept, expected) => {
  expect(withNeeds(kept, scenarioNeeds(EVENTS))).toEqual(expected);
});
