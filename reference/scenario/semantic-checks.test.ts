import { resolveEvent, resolveMachine } from './resolve';
import { machineProblems, semanticProblems } from './semantic-checks';
import { DEFAULT_MACHINE, ScenarioEvent } from './types';

/** The locations of the semantic problems of document-style events. */
function problemLocations(...events: ScenarioEvent[]): string[] {
  return semanticProblems(events.map(resolveEvent)).map((problem) => problem.location);
}

const spawn = (pid = 1, vm = 1): ScenarioEvent => ({ op: 'spawn', pid, vm });
const mmap = (va: number, pages: number, pid = 1): ScenarioEvent => ({ op: 'mmap', pid, va, pages, prot: 'rw' });
const munmap = (va: number, pages: number, pid = 1): ScenarioEvent => ({ op: 'munmap', pid, va, pages });

describe('semanticProblems keeps the books of the guest OS', () => {
  it.each<[string, ScenarioEvent[], string[]]>([
    ['mmap into the hole a munmap left', [spawn(), mmap(0x400000, 4), munmap(0x401000, 2), mmap(0x401000, 2)], []],
    ['mmap that still overlaps the piece after the hole', [spawn(), mmap(0x400000, 4), munmap(0x401000, 2), mmap(0x401000, 3)], ['events[3].va']],
    ['mmap right after a mapping (ranges are half-open)', [spawn(), mmap(0x400000, 4), mmap(0x404000, 1)], []],
    ['mmap right before a mapping', [spawn(), mmap(0x400000, 4), mmap(0x3ff000, 1)], []],
    ['mmap inside a mapping', [spawn(), mmap(0x400000, 4), mmap(0x401000, 1)], ['events[2].va']],
    ['mmap covering a mapping', [spawn(), mmap(0x401000, 1), mmap(0x400000, 4)], ['events[2].va']],
    ['a munmap that spans several mappings frees them all', [spawn(), mmap(0x400000, 1), mmap(0x402000, 1), munmap(0x3ff000, 8), mmap(0x400000, 4)], []],
    ['the parent unmapping after fork leaves the child its copy', [spawn(), mmap(0x400000, 2), { op: 'fork', child: 2 }, munmap(0x400000, 2), mmap(0x400000, 1, 2)], ['events[4].va']],
    ['the child unmapping leaves the parent its mapping', [spawn(), mmap(0x400000, 2), { op: 'fork', child: 2 }, munmap(0x400000, 2, 2), mmap(0x400000, 1)], ['events[4].va']],
    ['a re-spawned pid starts with nothing mapped', [spawn(), mmap(0x400000, 2), { op: 'exit' }, spawn(), mmap(0x400000, 2)], []],
    ['a fork child that exited can be forked again', [spawn(), { op: 'fork', child: 2 }, { op: 'exit', pid: 2 }, { op: 'fork', child: 2 }], []],
    ['processes of different VMs do not share mappings', [spawn(1, 1), spawn(1, 2), { ...mmap(0x400000, 1), vm: 1 }, { ...mmap(0x400000, 1), vm: 2 }], []],
    ['an exited process can do nothing', [spawn(), { op: 'exit' }, { op: 'exit' }, { op: 'fork', child: 2 }, munmap(0, 1), { op: 'inspect', va: 0 }], ['events[2].pid', 'events[3].pid', 'events[4].pid', 'events[5].pid']],
  ])('%s', (_name, events, expected) => {
    expect(problemLocations(...events)).toEqual(expected);
  });

  it('an invalid event changes nothing: a refused spawn does not create the process', () => {
    expect(problemLocations({ op: 'fork', child: 2 }, spawn(2), { op: 'read', pid: 1, va: 0 })).toEqual(['events[0].pid', 'events[2].pid']);
  });
});

describe('semanticProblems checks large pages against guest memory when it knows it', () => {
  const events: ScenarioEvent[] = [spawn(), { op: 'mmap', va: 0x200000, pages: 512, prot: 'rw', pageSize: '2M' }];

  it.each<[string, number | undefined, string[]]>([
    ['2 MiB of guest memory cannot hold an aligned 2 MiB above the first MiB', 2, ['events[1].pageSize']],
    ['4 MiB can', 4, []],
    ['unknown guest memory (machine options that failed their own checks) is not judged', undefined, []],
  ])('%s', (_name, guestMemoryMiB, expected) => {
    const machine = guestMemoryMiB === undefined ? undefined : { guestMemoryMiB, guestLevels: DEFAULT_MACHINE.guestLevels };
    expect(semanticProblems(events.map(resolveEvent), machine).map((problem) => problem.location)).toEqual(expected);
  });
});

describe('machineProblems', () => {
  it.each([
    [{ entries: 64, ways: 4 }, []],
    [{ entries: 8, ways: 8 }, []],
    [{ entries: 1, ways: 1 }, []],
    [{ entries: 64, ways: 3 }, ['machine.tlb: TLB entries (64) must be a multiple of ways (3)']],
    [{ entries: 96, ways: 4 }, ['machine.tlb: TLB sets (entries / ways = 24) must be a power of two']],
  ])('tlb %j', (tlb, messages) => {
    expect(machineProblems(resolveMachine({ tlb })).map((problem) => problem.message)).toEqual(messages);
  });
});
