import { VmlabError } from '../errors';
import { ScenarioInvalidError, ScenarioProblem } from './problems';
import { DEFAULT_MACHINE, ResolvedScenario, ScenarioEvent } from './types';
import { applyModeOverride, parseScenario, parseScenarioText } from './validate';

/** The problems parseScenario reports for `document` (fails the test if it accepts it). */
function problemsOf(document: unknown): readonly ScenarioProblem[] {
  try {
    parseScenario(document);
  } catch (error) {
    if (error instanceof ScenarioInvalidError) return error.problems;
    throw error;
  }
  throw new Error('the scenario was accepted');
}

/** A one-process scenario: spawn, a 4-page rw mapping at 0x400000 (events[1]), then `events`. */
function withSetup(...events: unknown[]): { events: unknown[] } {
  return { events: [{ op: 'spawn' }, { op: 'mmap', va: '0x400000', pages: 4, prot: 'rw' }, ...events] };
}

describe('parseScenario accepts valid scenarios', () => {
  const valid: Array<[string, unknown]> = [
    ['no events', { events: [] }],
    ['integer addresses', withSetup({ op: 'read', va: 0x400010 }, { op: 'write', va: 4194304, value: 0 })],
    ['upper-case hex digits', withSetup({ op: 'read', va: '0x40001C' })],
    ['every op', withSetup(
      { op: 'write', va: '0x400000', value: 0xffffffff },
      { op: 'read', va: '0x400ffc' },
      { op: 'exec', va: '0x401000' },
      { op: 'inspect', va: '0x400000' },
      { op: 'clear-ad', va: '0x400000' },
      { op: 'mprotect', va: '0x400000', pages: 2, prot: 'rx' },
      { op: 'fork', child: 2 },
      { op: 'munmap', pid: 2, va: '0x400000', pages: 4 },
      { op: 'exit', pid: 2 },
    )],
    ['an access to an unmapped address (it faults at run time)', withSetup({ op: 'read', va: '0x7f0000000000' })],
    ['munmap and mprotect over pages that are not mapped', withSetup(
      { op: 'munmap', va: '0x3ff000', pages: 16 },
      { op: 'mprotect', va: '0x500000', pages: 3, prot: 'r' },
    )],
    ['re-mmap after munmap', withSetup({ op: 'munmap', va: '0x401000', pages: 1 }, { op: 'mmap', va: '0x401000', pages: 1, prot: 'r' })],
    ['re-spawn of an exited pid', withSetup({ op: 'exit' }, { op: 'spawn' }, { op: 'mmap', va: '0x400000', pages: 1, prot: 'r' })],
    ['the same pid in two VMs', { events: [{ op: 'spawn', vm: 1 }, { op: 'spawn', vm: 2 }, { op: 'read', vm: 2, va: 0 }] }],
    ['the last page of user space', withSetup({ op: 'mmap', va: '0x7ffffffff000', pages: 1, prot: 'r' }, { op: 'read', va: '0x7ffffffffffc' })],
    ['every machine option', {
      name: 'all-options',
      description: 'every option set',
      machine: {
        mode: 'ept',
        vpid: false,
        tlb: { entries: 128, ways: 8 },
        nestedFormat: 'npt',
        guestLevels: 5,
        nestedLevels: 5,
        eptAccessedDirty: true,
        guestMemoryMiB: 64,
        hostMemoryMiB: 512,
        hostPageSize: '2M',
        walkCaches: { guest: 24, nested: 16 },
        nestedTlb: 32,
      },
      events: [],
    }],
    ['a fully associative TLB', { machine: { tlb: { entries: 4, ways: 4 } }, events: [] }],
    ['the last page of a 5-level user space', {
      machine: { guestLevels: 5 },
      ...withSetup({ op: 'mmap', va: '0xfffffffffff000', pages: 1, prot: 'rw' }, { op: 'write', va: '0xfffffffffffffc', value: 1 }),
    }],
    ['nestedLevels outside ept mode (ignored there, like nestedFormat)', { machine: { mode: 'shadow', nestedLevels: 5 }, events: [] }],
    ['large pages, and munmap and mprotect over part of one', withSetup(
      { op: 'mmap', va: '0x40000000', pages: 1024, prot: 'rw', pageSize: '2M' },
      { op: 'mmap', va: '0x600000', pages: 1, prot: 'r', pageSize: '4K' },
      { op: 'munmap', va: '0x40001000', pages: 3 },
      { op: 'mprotect', va: '0x40100000', pages: 600, prot: 'r' },
    )],
    ['a 1 GiB page in 2 GiB of guest memory', {
      machine: { guestMemoryMiB: 2048 },
      events: [{ op: 'spawn' }, { op: 'mmap', va: '0x40000000', pages: 262144, prot: 'rw', pageSize: '1G' }],
    }],
  ];
  it.each(valid)('%s', (_name, document) => {
    expect(() => parseScenario(document)).not.toThrow();
  });
});

describe('parseScenario resolves', () => {
  const scenario: ResolvedScenario = parseScenario({
    machine: { mode: 'shadow', tlb: { entries: 16 } },
    events: [
      { op: 'spawn' },
      { op: 'mmap', vm: 1, pid: 1, va: '0x7f0000001000', pages: 2, prot: 'rx' },
      { op: 'write', va: 0x7f0000001004, value: 7 },
      { op: 'spawn', vm: 3, pid: 9 },
    ],
  });

  it('fills every machine default the document leaves out', () => {
    expect(scenario.machine).toEqual({ ...DEFAULT_MACHINE, mode: 'shadow', tlb: { entries: 16, ways: DEFAULT_MACHINE.tlb.ways } });
  });

  it('runs the guest and the EPT with 4 levels unless told otherwise', () => {
    expect({ guestLevels: scenario.machine.guestLevels, nestedLevels: scenario.machine.nestedLevels }).toEqual({ guestLevels: 4, nestedLevels: 4 });
  });

  it('names an unnamed scenario "scenario"', () => {
    expect(scenario.name).toBe('scenario');
  });

  it('gives events vm 1 and pid 1 by default, their index, and bigint addresses from hex or integers', () => {
    expect(scenario.events).toEqual([
      { op: 'spawn', index: 0, vm: 1, pid: 1 },
      { op: 'mmap', index: 1, vm: 1, pid: 1, va: 0x7f0000001000n, pages: 2, prot: 'rx' },
      { op: 'write', index: 2, vm: 1, pid: 1, va: 0x7f0000001004n, value: 7 },
      { op: 'spawn', index: 3, vm: 3, pid: 9 },
    ]);
  });
});

interface InvalidCase {
  readonly document: unknown;
  readonly location: string;
  readonly message: string;
}

/** Each kind of malformed scenario, with the located message it must get (the first problem). */
const INVALID: Record<string, InvalidCase> = {
  'unknown op': {
    document: withSetup({ op: 'mmapp', va: '0x400000', pages: 1, prot: 'r' }),
    location: 'events[2].op',
    message:
      'events[2]: unknown op "mmapp" (did you mean "mmap"?); expected one of spawn, exit, fork, mmap, munmap, mprotect, read, write, exec, inspect, clear-ad, invlpg',
  },
  'missing op': {
    document: withSetup({ va: '0x400000' }),
    location: 'events[2].op',
    message: 'events[2]: missing "op"; expected one of spawn, exit, fork, mmap, munmap, mprotect, read, write, exec, inspect, clear-ad, invlpg',
  },
  'op not a string': {
    document: { events: [{ op: 7 }] },
    location: 'events[0].op',
    message: 'events[0]: "op" must be a string (got 7); expected one of spawn, exit, fork, mmap, munmap, mprotect, read, write, exec, inspect, clear-ad, invlpg',
  },
  'event not an object': {
    document: { events: ['spawn'] },
    location: 'events[0]',
    message: 'events[0]: must be an object (got "spawn")',
  },
  'missing field': {
    document: withSetup({ op: 'mmap', va: '0x500000', prot: 'r' }),
    location: 'events[2].pages',
    message: 'events[2] (mmap): missing "pages"',
  },
  'missing write value': {
    document: withSetup({ op: 'write', va: '0x400000' }),
    location: 'events[2].value',
    message: 'events[2] (write): missing "value"',
  },
  'extra field (a typo) wins over the missing field it explains': {
    document: withSetup({ op: 'mmap', va: '0x500000', pagse: 4, prot: 'r' }),
    location: 'events[2].pagse',
    message: 'events[2] (mmap): unknown field "pagse" (did you mean "pages"?); expected op, vm, pid, va, pages, prot, pageSize',
  },
  'field of another op': {
    document: withSetup({ op: 'read', va: '0x400000', value: 3 }),
    location: 'events[2].value',
    message: 'events[2] (read): unknown field "value"; expected op, vm, pid, va',
  },
  'bad hex': {
    document: withSetup({ op: 'read', va: '0x40g000' }),
    location: 'events[2].va',
    message: 'events[2] (read): "va" must be a hex string like "0x400000" or an integer >= 0 (got "0x40g000")',
  },
  'hex without 0x': {
    document: withSetup({ op: 'read', va: '400000' }),
    location: 'events[2].va',
    message: 'events[2] (read): "va" must be a hex string like "0x400000" or an integer >= 0 (got "400000")',
  },
  'negative address': {
    document: withSetup({ op: 'read', va: -4 }),
    location: 'events[2].va',
    message: 'events[2] (read): "va" must be a hex string like "0x400000" or an integer >= 0 (got -4)',
  },
  'value out of range': {
    document: withSetup({ op: 'write', va: '0x400000', value: 4294967296 }),
    location: 'events[2].value',
    message: 'events[2] (write): "value" must be an integer <= 4294967295 (got 4294967296)',
  },
  'negative value': {
    document: withSetup({ op: 'write', va: '0x400000', value: -1 }),
    location: 'events[2].value',
    message: 'events[2] (write): "value" must be an integer >= 0 (got -1)',
  },
  'fractional value': {
    document: withSetup({ op: 'write', va: '0x400000', value: 1.5 }),
    location: 'events[2].value',
    message: 'events[2] (write): "value" must be an integer (got 1.5)',
  },
  'pages 0': {
    document: withSetup({ op: 'mmap', va: '0x500000', pages: 0, prot: 'r' }),
    location: 'events[2].pages',
    message: 'events[2] (mmap): "pages" must be an integer >= 1 (got 0)',
  },
  'pages as a string': {
    document: withSetup({ op: 'munmap', va: '0x400000', pages: '4' }),
    location: 'events[2].pages',
    message: 'events[2] (munmap): "pages" must be an integer (got "4")',
  },
  'bad prot': {
    document: withSetup({ op: 'mprotect', va: '0x400000', pages: 1, prot: 'wx' }),
    location: 'events[2].prot',
    message: 'events[2] (mprotect): "prot" must be one of "r", "rw", "rx", "rwx" (got "wx")',
  },
  'vm 0': {
    document: { events: [{ op: 'spawn', vm: 0 }] },
    location: 'events[0].vm',
    message: 'events[0] (spawn): "vm" must be an integer >= 1 (got 0)',
  },
  'pid null': {
    document: { events: [{ op: 'spawn', pid: null }] },
    location: 'events[0].pid',
    message: 'events[0] (spawn): "pid" must not be null (leave it out to get the default)',
  },
  'misaligned access': {
    document: withSetup({ op: 'write', va: '0x400002', value: 1 }),
    location: 'events[2].va',
    message: 'events[2] (write): address 0x400002 is not 4-byte aligned',
  },
  'misaligned inspect': {
    document: withSetup({ op: 'inspect', va: 0x400001 }),
    location: 'events[2].va',
    message: 'events[2] (inspect): address 0x400001 is not 4-byte aligned',
  },
  'unaligned mmap': {
    document: withSetup({ op: 'mmap', va: '0x500010', pages: 1, prot: 'r' }),
    location: 'events[2].va',
    message: 'events[2] (mmap): address 0x500010 is not page-aligned (pages are 4 KiB)',
  },
  'unaligned munmap': {
    document: withSetup({ op: 'munmap', va: '0x400800', pages: 1 }),
    location: 'events[2].va',
    message: 'events[2] (munmap): address 0x400800 is not page-aligned (pages are 4 KiB)',
  },
  'unknown page size': {
    document: withSetup({ op: 'mmap', va: '0x40000000', pages: 512, prot: 'rw', pageSize: '2MB' }),
    location: 'events[2].pageSize',
    message: 'events[2] (mmap): "pageSize" must be one of "4K", "2M", "1G" (got "2MB")',
  },
  'page size on munmap': {
    document: withSetup({ op: 'munmap', va: '0x400000', pages: 512, pageSize: '2M' }),
    location: 'events[2].pageSize',
    message: 'events[2] (munmap): unknown field "pageSize"; expected op, vm, pid, va, pages',
  },
  'large-page mmap not aligned to its page size': {
    document: withSetup({ op: 'mmap', va: '0x40001000', pages: 512, prot: 'rw', pageSize: '2M' }),
    location: 'events[2].va',
    message: 'events[2] (mmap): address 0x40001000 is not aligned to its 2 MiB pages',
  },
  'large-page mmap of a part of a page': {
    document: withSetup({ op: 'mmap', va: '0x40000000', pages: 100, prot: 'rw', pageSize: '2M' }),
    location: 'events[2].pages',
    message: 'events[2] (mmap): 100 pages of 4 KiB are not a whole number of 2 MiB pages (pages must be a multiple of 512)',
  },
  '1 GiB page in too little guest memory': {
    document: withSetup({ op: 'mmap', va: '0x40000000', pages: 262144, prot: 'rw', pageSize: '1G' }),
    location: 'events[2].pageSize',
    message:
      'events[2] (mmap): 1 GiB pages need machine.guestMemoryMiB of at least 2048 (it is 256): a large page takes a naturally aligned block of guest memory, and the first one holds the reserved first MiB',
  },
  'overlapping mmap': {
    document: withSetup({ op: 'mmap', va: '0x3fe000', pages: 3, prot: 'r' }),
    location: 'events[2].va',
    message: 'events[2] (mmap): 0x3fe000-0x401000 overlaps the mapping 0x400000-0x404000 made by events[1]',
  },
  'access above 2^47': {
    document: withSetup({ op: 'read', va: '0x800000000000' }),
    location: 'events[2].va',
    message: 'events[2] (read): address 0x800000000000 is not in user space (addresses must be below 0x800000000000, 2^47)',
  },
  'kernel-half address': {
    document: withSetup({ op: 'exec', va: '0xffffffff81000000' }),
    location: 'events[2].va',
    message: 'events[2] (exec): address 0xffffffff81000000 is not in user space (addresses must be below 0x800000000000, 2^47)',
  },
  'mmap reaching past 2^47': {
    document: withSetup({ op: 'mmap', va: '0x7ffffffff000', pages: 2, prot: 'r' }),
    location: 'events[2].va',
    message: 'events[2] (mmap): 0x7ffffffff000-0x800000001000 goes past the end of user space (0x800000000000, 2^47)',
  },
  'a 4-level guest mapping the top page of a 5-level user space': {
    document: { machine: { guestLevels: 4 }, ...withSetup({ op: 'mmap', va: '0xfffffffffff000', pages: 1, prot: 'rw' }) },
    location: 'events[2].va',
    message: 'events[2] (mmap): 0xfffffffffff000-0x100000000000000 goes past the end of user space (0x800000000000, 2^47)',
  },
  'a 4-level guest over 5-level EPT reading above 2^47 (the nested depth widens no guest address)': {
    document: { machine: { mode: 'ept', nestedLevels: 5 }, ...withSetup({ op: 'read', va: '0xfffffffffff000' }) },
    location: 'events[2].va',
    message: 'events[2] (read): address 0xfffffffffff000 is not in user space (addresses must be below 0x800000000000, 2^47)',
  },
  'a 5-level guest reading at 2^56': {
    document: { machine: { guestLevels: 5 }, ...withSetup({ op: 'read', va: '0x100000000000000' }) },
    location: 'events[2].va',
    message: 'events[2] (read): address 0x100000000000000 is not in user space (addresses must be below 0x100000000000000, 2^56)',
  },
  'a 5-level guest mapping past 2^56': {
    document: { machine: { guestLevels: 5 }, ...withSetup({ op: 'mmap', va: '0xfffffffffff000', pages: 2, prot: 'r' }) },
    location: 'events[2].va',
    message: 'events[2] (mmap): 0xfffffffffff000-0x100000000001000 goes past the end of user space (0x100000000000000, 2^56)',
  },
  'unknown pid': {
    document: withSetup({ op: 'read', pid: 3, va: '0x400000' }),
    location: 'events[2].pid',
    message: 'events[2] (read): process 3 does not exist in vm 1 (no spawn or fork created it)',
  },
  'pid of another vm': {
    document: withSetup({ op: 'read', vm: 2, va: '0x400000' }),
    location: 'events[2].pid',
    message: 'events[2] (read): process 1 does not exist in vm 2 (no spawn or fork created it)',
  },
  'exited pid': {
    document: withSetup({ op: 'exit' }, { op: 'write', va: '0x400000', value: 1 }),
    location: 'events[3].pid',
    message: 'events[3] (write): process 1 does not exist in vm 1 (it exited at events[2])',
  },
  'duplicate spawn': {
    document: withSetup({ op: 'spawn', pid: 1 }),
    location: 'events[2].pid',
    message: 'events[2] (spawn): process 1 already exists in vm 1 (created by events[0])',
  },
  'fork into an existing child': {
    document: withSetup({ op: 'spawn', pid: 2 }, { op: 'fork', child: 2 }),
    location: 'events[3].child',
    message: 'events[3] (fork): child process 2 already exists in vm 1 (created by events[2])',
  },
  'fork into itself': {
    document: withSetup({ op: 'fork', child: 1 }),
    location: 'events[2].child',
    message: 'events[2] (fork): child process 1 already exists in vm 1 (created by events[0])',
  },
  'mmap in a child over an inherited mapping': {
    document: withSetup({ op: 'fork', child: 2 }, { op: 'mmap', pid: 2, va: '0x403000', pages: 1, prot: 'r' }),
    location: 'events[3].va',
    message: 'events[3] (mmap): 0x403000-0x404000 overlaps the mapping 0x400000-0x404000 made by events[1]',
  },
  'overlap with what a partial munmap left': {
    document: withSetup({ op: 'munmap', va: '0x401000', pages: 2 }, { op: 'mmap', va: '0x401000', pages: 3, prot: 'r' }),
    location: 'events[3].va',
    message: 'events[3] (mmap): 0x401000-0x404000 overlaps the mapping 0x403000-0x404000 made by events[1]',
  },
  'unknown top-level field': {
    document: { event: [] },
    location: 'event',
    message: 'scenario: unknown field "event" (did you mean "events"?); expected name, description, machine, events',
  },
  'missing events': {
    document: { name: 'x' },
    location: 'events',
    message: 'scenario: missing "events"',
  },
  'events not an array': {
    document: { events: { op: 'spawn' } },
    location: 'events',
    message: 'scenario: "events" must be an array (got an object)',
  },
  'not an object': {
    document: [],
    location: '',
    message: 'the scenario must be an object (got an array)',
  },
  'empty name': {
    document: { name: '', events: [] },
    location: 'name',
    message: 'scenario: "name" must not be empty',
  },
  'unknown mode': {
    document: { machine: { mode: 'nested' }, events: [] },
    location: 'machine.mode',
    message: 'machine: "mode" must be one of "native", "shadow", "ept" (got "nested")',
  },
  'unknown machine option': {
    document: { machine: { vpids: false }, events: [] },
    location: 'machine.vpids',
    message:
      'machine: unknown option "vpids" (did you mean "vpid"?); expected mode, vpid, tlb, nestedFormat, guestLevels, nestedLevels, eptAccessedDirty, guestMemoryMiB, hostMemoryMiB, hostPageSize, walkCaches, nestedTlb',
  },
  'a 1 GiB host page': {
    document: { machine: { mode: 'ept', hostPageSize: '1G' }, events: [] },
    location: 'machine.hostPageSize',
    message: 'machine: "hostPageSize" must be one of "4K", "2M" (got "1G")',
  },
  'a negative walk cache': {
    document: { machine: { walkCaches: { guest: -1 } }, events: [] },
    location: 'machine.walkCaches.guest',
    message: 'machine.walkCaches: "guest" must be an integer >= 0 (got -1)',
  },
  'a nested TLB too large': {
    document: { machine: { nestedTlb: 5000 }, events: [] },
    location: 'machine.nestedTlb',
    message: 'machine: "nestedTlb" must be an integer <= 4096 (got 5000)',
  },
  'guestLevels neither 4 nor 5': {
    document: { machine: { guestLevels: 3 }, events: [] },
    location: 'machine.guestLevels',
    message: 'machine: "guestLevels" must be one of 4, 5 (got 3)',
  },
  'nestedLevels neither 4 nor 5': {
    document: { machine: { mode: 'ept', nestedLevels: 6 }, events: [] },
    location: 'machine.nestedLevels',
    message: 'machine: "nestedLevels" must be one of 4, 5 (got 6)',
  },
  'guestLevels as a string': {
    document: { machine: { guestLevels: '5' }, events: [] },
    location: 'machine.guestLevels',
    message: 'machine: "guestLevels" must be an integer (got "5")',
  },
  'nestedLevels null': {
    document: { machine: { nestedLevels: null }, events: [] },
    location: 'machine.nestedLevels',
    message: 'machine: "nestedLevels" must be one of 4, 5 (got null)',
  },
  'TLB entries 0': {
    document: { machine: { tlb: { entries: 0, ways: 1 } }, events: [] },
    location: 'machine.tlb.entries',
    message: 'machine.tlb: "entries" must be an integer >= 1 (got 0)',
  },
  'TLB entries not a multiple of ways': {
    document: { machine: { tlb: { entries: 48, ways: 5 } }, events: [] },
    location: 'machine.tlb',
    message: 'machine.tlb: TLB entries (48) must be a multiple of ways (5)',
  },
  'TLB sets not a power of two (with the default ways)': {
    document: { machine: { tlb: { entries: 24 } }, events: [] },
    location: 'machine.tlb',
    message: 'machine.tlb: TLB sets (entries / ways = 6) must be a power of two',
  },
  'vpid not a boolean': {
    document: { machine: { vpid: 'yes' }, events: [] },
    location: 'machine.vpid',
    message: 'machine: "vpid" must be true or false (got "yes")',
  },
  'guest memory too large': {
    document: { machine: { guestMemoryMiB: 2 ** 21 }, events: [] },
    location: 'machine.guestMemoryMiB',
    message: 'machine: "guestMemoryMiB" must be an integer <= 1048576 (got 2097152)',
  },
};

describe('parseScenario refuses a malformed scenario with a located message', () => {
  it.each(Object.entries(INVALID))('%s', (_name, { document, location, message }) => {
    let thrown: unknown;
    try {
      parseScenario(document);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VmlabError);
    expect(thrown).toMatchObject({ code: 'SCENARIO_INVALID', location, message });
  });
});

describe('with several problems', () => {
  const document = {
    machine: { tlb: { entries: 48, ways: 5 } },
    events: [
      { op: 'spawn' },
      { op: 'read', pid: 2, va: 0 }, // semantic
      { op: 'mmap', va: '0x400000', pages: 0, pagse: 1, prot: 'r' }, // schema: one problem for the event
      { op: 'spawn' }, // after a malformed event: not judged
    ],
  };

  it('the message is the first problem in document order, machine first, whatever its kind', () => {
    expect(() => parseScenario(document)).toThrow('machine.tlb: TLB entries (48) must be a multiple of ways (5)');
  });

  it('lists every problem, one per event, and none after the first malformed event', () => {
    expect(problemsOf(document).map((problem) => problem.location)).toEqual(['machine.tlb', 'events[1].pid', 'events[2].pagse']);
  });

  it('records the event index of each event problem', () => {
    expect(problemsOf(document).map((problem) => problem.event)).toEqual([undefined, 1, 2]);
  });

  it('keeps reporting schema problems after the first one', () => {
    const events: unknown[] = [{ op: 'spawn' }, { op: 'read' }, { op: 'write', va: 0 }, { op: 'exec', va: 0 }, { op: 'mmap', va: 0 }];
    expect(problemsOf({ events }).map((problem) => problem.location)).toEqual([
      'events[1].va',
      'events[2].value',
      'events[4].pages',
    ]);
  });

  it('with malformed machine options, holds addresses only to the widest user space (2^56), not to a depth it cannot know', () => {
    const events = [{ op: 'spawn' }, { op: 'read', va: '0x800000000000' }, { op: 'read', va: '0x100000000000000' }];
    expect(problemsOf({ machine: { guestLevels: 6 }, events }).map((problem) => problem.location)).toEqual(['machine.guestLevels', 'events[2].va']);
  });

  it('judges the machine options even when an event is malformed', () => {
    const problems = problemsOf({ machine: { tlb: { entries: 24 } }, events: [{ op: 'nope' }] });
    expect(problems.map((problem) => problem.location)).toEqual(['machine.tlb', 'events[0].op']);
  });
});

describe('parseScenarioText', () => {
  const syntaxErrors: Array<[string, string, string]> = [
    ['trailing comma', '{\n  "events": [\n    { "op": "spawn", }\n  ]\n}', 'line 3, column 22: invalid JSON: trailing comma before "}"'],
    ['missing comma', '{ "events": [ { "op": "spawn" } { "op": "exit" } ] }', 'line 1, column 33: invalid JSON: expected "," or "]" after an array element, found "{"'],
    ['bare word', '{\n"events": [nope]\n}', 'line 2, column 12: invalid JSON: expected a value, found "nope"'],
    ['single quotes', "{ 'events': [] }", 'line 1, column 3: invalid JSON: expected a double-quoted property name, found "\'"'],
    ['truncated', '{ "events": [', 'line 1, column 14: invalid JSON: unexpected end of input (missing "]")'],
    ['empty file', '', 'line 1, column 1: invalid JSON: unexpected end of input'],
    ['text after the document', '{ "events": [] }\n}', 'line 2, column 1: invalid JSON: unexpected "}" after the end of the JSON value'],
  ];

  it.each(syntaxErrors)('a JSON syntax error (%s) is SCENARIO_PARSE with file, line and column', (_name, text, located) => {
    expect(() => parseScenarioText(text, 'bad.json')).toThrow(expect.objectContaining({ code: 'SCENARIO_PARSE', message: `bad.json: ${located}` }));
  });

  it('puts the file name before a located scenario problem and keeps every problem', () => {
    const text = JSON.stringify({ events: [{ op: 'spawn' }, { op: 'mmap', va: '0x400000', pages: 0, prot: 'r' }, { op: 'read', pid: 5, va: 0 }] });
    let thrown: unknown;
    try {
      parseScenarioText(text, 'examples/x.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioInvalidError);
    const error = thrown as ScenarioInvalidError;
    expect(error.message).toBe('examples/x.json: events[1] (mmap): "pages" must be an integer >= 1 (got 0)');
    expect(error.location).toBe('events[1].pages');
    expect(error.problems).toHaveLength(1);
  });

  it('accepts a byte-order mark before the document', () => {
    expect(parseScenarioText('\uFEFF{ "events": [] }', 'bom.json').events).toEqual([]);
  });
});

describe('applyModeOverride', () => {
  const events: ScenarioEvent[] = [{ op: 'spawn' }];
  const scenario = parseScenario({ machine: { mode: 'shadow', vpid: false }, events });

  it.each(['native', 'shadow', 'ept'])('--mode %s replaces machine.mode and nothing else', (mode) => {
    expect(applyModeOverride(scenario, mode)).toEqual({ ...scenario, machine: { ...scenario.machine, mode } });
  });

  it('leaves the scenario as it is without --mode', () => {
    expect(applyModeOverride(scenario, undefined).machine.mode).toBe('shadow');
  });

  it('refuses an unknown mode with OPTION_INVALID', () => {
    expect(() => applyModeOverride(scenario, 'npt')).toThrow(
      expect.objectContaining({ code: 'OPTION_INVALID', message: 'unknown mode "npt"; expected one of native, shadow, ept' }),
    );
  });
});
