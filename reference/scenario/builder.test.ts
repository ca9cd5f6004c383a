import { ScenarioBuilder, ScenarioBuilderError } from './builder';
import { DEFAULT_MACHINE } from './types';
import { ScenarioInvalidError } from './problems';
import { parseScenario } from './validate';

describe('ScenarioBuilder', () => {
  it('writes each op in document form: the fields given, addresses as hex strings', () => {
    const scenario = new ScenarioBuilder()
      .spawn(1)
      .mmap(1, 0x400000, 4, 'rw')
      .mmap({ vm: 2, pid: 3 }, 0x40000000n, 512, 'r', '2M')
      .munmap(1, 0x401000, 1)
      .mprotect(1, 0x402000, 2, 'rx')
      .write(1, 0x400010, 42)
      .read({ vm: 1, pid: 1 }, 0x400010)
      .exec(1, 0x402000)
      .inspect(1, 0x400000)
      .clearAd(1, 0x400000)
      .access('read', { pid: 2 }, 0x7f0000000000)
      .fork(1, 2)
      .exit({ vm: 2 })
      .build();
    expect(scenario).toStrictEqual({
      events: [
        { op: 'spawn', pid: 1 },
        { op: 'mmap', pid: 1, va: '0x400000', pages: 4, prot: 'rw' },
        { op: 'mmap', vm: 2, pid: 3, va: '0x40000000', pages: 512, prot: 'r', pageSize: '2M' },
        { op: 'munmap', pid: 1, va: '0x401000', pages: 1 },
        { op: 'mprotect', pid: 1, va: '0x402000', pages: 2, prot: 'rx' },
        { op: 'write', pid: 1, va: '0x400010', value: 42 },
        { op: 'read', vm: 1, pid: 1, va: '0x400010' },
        { op: 'exec', pid: 1, va: '0x402000' },
        { op: 'inspect', pid: 1, va: '0x400000' },
        { op: 'clear-ad', pid: 1, va: '0x400000' },
        { op: 'read', pid: 2, va: '0x7f0000000000' },
        { op: 'fork', pid: 1, child: 2 },
        { op: 'exit', vm: 2 },
      ],
    });
  });

  it('writes fields in the order the contract shows them (op, vm, pid, then the op\'s own)', () => {
    const [event] = new ScenarioBuilder().write({ pid: 4, vm: 2 }, 0x1000, 7).build().events;
    expect(JSON.stringify(event)).toBe('{"op":"write","vm":2,"pid":4,"va":"0x1000","value":7}');
  });

  it('writes a bigint address beyond 2^53 exactly', () => {
    const va = 0xff_ffff_ffff_f000n; // a 5-level user address
    expect(new ScenarioBuilder().read(1, va).build().events[0]).toEqual({ op: 'read', pid: 1, va: '0xfffffffffff000' });
  });

  it('gives name, description and machine only when given, and the events as a copy', () => {
    const bare = new ScenarioBuilder().spawn(1);
    expect(Object.keys(bare.build())).toEqual(['events']);
    const named = new ScenarioBuilder({ name: 'n', description: 'd', machine: { mode: 'ept' } });
    expect(named.build()).toStrictEqual({ name: 'n', description: 'd', machine: { mode: 'ept' }, events: [] });

    const built = bare.build();
    built.events.push({ op: 'exit' });
    expect(bare.build().events).toHaveLength(1);
    expect(bare.length).toBe(1);
  });

  it('appends events already in document form as they are', () => {
    const events = [{ op: 'spawn' as const, vm: 3, pid: 9 }, { op: 'read' as const, va: 4096 }];
    const scenario = new ScenarioBuilder().add(events).exit({ vm: 3, pid: 9 }).build();
    expect(scenario.events).toStrictEqual([...events, { op: 'exit', vm: 3, pid: 9 }]);
    expect(scenario.events[0]).not.toBe(events[0]);
  });

  it('resolves without validating: defaults filled in, events numbered, addresses as bigints', () => {
    const resolved = new ScenarioBuilder({ machine: { mode: 'shadow', tlb: { entries: 16 } } }).read(1, 0x1000).spawn({ vm: 2, pid: 5 }).resolve();
    expect(resolved).toStrictEqual({
      name: 'scenario',
      machine: { ...DEFAULT_MACHINE, mode: 'shadow', tlb: { entries: 16, ways: 4 }, walkCaches: { guest: 0, nested: 0 } },
      events: [
        { op: 'read', index: 0, vm: 1, pid: 1, va: 0x1000n },
        { op: 'spawn', index: 1, vm: 2, pid: 5 },
      ],
    });
  });

  it('resolves a valid scenario as the validator does', () => {
    const builder = new ScenarioBuilder({ name: 'fork-then-write', machine: { mode: 'shadow' } })
      .spawn(1)
      .mmap(1, 0x400000, 4, 'rw')
      .write(1, 0x400010, 42)
      .fork(1, 2)
      .read(2, 0x400010)
      .inspect(1, 0x400000);
    expect(builder.resolve()).toStrictEqual(parseScenario(builder.build()));
  });

  it('leaves the sense of a scenario to the validator: an access before spawn is built, and refused there with its index', () => {
    const document = new ScenarioBuilder().read(1, 0x400000).build();
    expect(document.events).toHaveLength(1);
    expect(() => parseScenario(document)).toThrow(ScenarioInvalidError);
    expect(() => parseScenario(document)).toThrow(/events\[0\]/);
  });

  describe('freshPid', () => {
    it('is 1 in a VM nothing has run in', () => {
      expect(new ScenarioBuilder().freshPid()).toBe(1);
      expect(new ScenarioBuilder().spawn({ vm: 1, pid: 4 }).freshPid(2)).toBe(1);
    });

    it('is one above every pid spawned or forked in that VM, exited ones included', () => {
      const builder = new ScenarioBuilder().spawn({ vm: 2, pid: 1 }).fork({ vm: 2, pid: 1 }, 6).spawn({ vm: 2, pid: 3 }).exit({ vm: 2, pid: 6 });
      expect(builder.freshPid(2)).toBe(7);
      expect(builder.freshPid(1)).toBe(1);
    });

    it('counts the defaults of events added in document form (vm 1, pid 1)', () => {
      expect(new ScenarioBuilder().add([{ op: 'spawn' }]).freshPid()).toBe(2);
      expect(new ScenarioBuilder().add([{ op: 'fork', vm: 3, child: 8 }]).freshPid(3)).toBe(9);
    });
  });

  describe('a call it can tell is wrong', () => {
    const cases: ReadonlyArray<readonly [string, (builder: ScenarioBuilder) => unknown, string]> = [
      ['a pid of 0', (b) => b.spawn(0), 'events[1] (spawn).pid: must be a positive integer, got 0'],
      ['a fractional vm', (b) => b.exit({ vm: 1.5, pid: 1 }), 'events[1] (exit).vm: must be a positive integer, got 1.5'],
      ['a child pid of -1', (b) => b.fork(1, -1), 'events[1] (fork).child: must be a positive integer, got -1'],
      ['an mmap of 0 pages', (b) => b.mmap(1, 0x400000, 0, 'rw'), 'events[1] (mmap).pages: must be a positive integer, got 0'],
      ['a munmap of NaN pages', (b) => b.munmap(1, 0x400000, NaN), 'events[1] (munmap).pages: must be a positive integer, got NaN'],
      ['a negative address', (b) => b.read(1, -4096), 'events[1] (read).va: must be a non-negative integer below 2^53 (a bigint above), got -4096'],
      ['a negative bigint address', (b) => b.inspect(1, -1n), 'events[1] (inspect).va: must be a non-negative integer, got -1'],
      ['an address a number cannot hold exactly', (b) => b.exec(1, 2 ** 54), `events[1] (exec).va: must be a non-negative integer below 2^53 (a bigint above), got ${2 ** 54}`],
      ['a fractional address', (b) => b.clearAd(1, 4096.5), 'events[1] (clear-ad).va: must be a non-negative integer below 2^53 (a bigint above), got 4096.5'],
      ['a value of 2^32', (b) => b.write(1, 0x400000, 2 ** 32), 'events[1] (write).value: must be an integer in [0, 2^32), got 4294967296'],
      ['a negative value', (b) => b.write(1, 0x400000, -1), 'events[1] (write).value: must be an integer in [0, 2^32), got -1'],
    ];
    it.each(cases)('%s is refused, saying which event and field', (_label, call, message) => {
      const builder = new ScenarioBuilder().spawn(1);
      let thrown: unknown;
      try {
        call(builder);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ScenarioBuilderError);
      expect((thrown as ScenarioBuilderError).message).toBe(`ScenarioBuilder: ${message}`);
      // Nothing half-written: the refused event is not in the scenario, and the builder goes on.
      expect(builder.length).toBe(1);
      expect(builder.read(1, 0x400000).build().events).toHaveLength(2);
    });
  });
});
