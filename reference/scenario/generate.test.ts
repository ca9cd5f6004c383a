import { runReferenceScenario } from '../reference-components';
import { generateScenario } from './generate';
import { Outcome } from './types';
import { parseScenario } from './validate';

describe('generateScenario', () => {
  it('gives the same document for the same seed and options', () => {
    const options = { seed: 1234, vms: 2, processesPerVm: 3, events: 300 };
    expect(generateScenario(options)).toEqual(generateScenario(options));
  });

  it('gives different documents for different seeds', () => {
    const documents = [1, 2, 3, 4].map((seed) => JSON.stringify(generateScenario({ seed }).events));
    expect(new Set(documents).size).toBe(4);
  });

  it('makes exactly the number of events asked for, 200 by default', () => {
    expect(generateScenario({ seed: 1, events: 57 }).events).toHaveLength(57);
    expect(generateScenario({ seed: 1, events: 0 }).events).toHaveLength(0);
    expect(generateScenario({ seed: 1 }).events).toHaveLength(200);
  });

  it('writes addresses as hex strings and every event with its vm and pid', () => {
    for (const event of generateScenario({ seed: 9, vms: 2, events: 400 }).events) {
      expect(event.vm).toEqual(expect.any(Number));
      expect(event.pid).toEqual(expect.any(Number));
      if ('va' in event) expect(event.va).toMatch(/^0x[0-9a-f]+$/);
    }
  });

  it('passes the machine options through', () => {
    expect(generateScenario({ seed: 1, events: 5, machine: { mode: 'ept' } }).machine).toEqual({ mode: 'ept' });
  });

  const seeds = Array.from({ length: 240 }, (_, i) => i);
  it.each(seeds)('seed %i: the generated scenario is valid', (seed) => {
    const document = generateScenario({ seed, vms: 1 + (seed % 4), processesPerVm: 1 + (seed % 5), events: 150 + (seed % 7) * 50 });
    expect(() => parseScenario(document)).not.toThrow();
  });

  it('keeps the processes per VM within the limit, and uses every VM', () => {
    const document = generateScenario({ seed: 77, vms: 3, processesPerVm: 2, events: 2000 });
    const live = new Map<string, Set<number>>();
    let most = 0;
    for (const event of document.events) {
      const key = String(event.vm);
      const pids = live.get(key) ?? new Set<number>();
      live.set(key, pids);
      if (event.op === 'spawn') pids.add(event.pid ?? 1);
      if (event.op === 'fork') pids.add(event.child);
      if (event.op === 'exit') pids.delete(event.pid ?? 1);
      most = Math.max(most, pids.size);
    }
    expect(most).toBe(2);
    expect([...live.keys()].sort()).toEqual(['1', '2', '3']);
  });

  it('uses every op, and re-spawns new pids after exits', () => {
    const document = generateScenario({ seed: 5, vms: 2, events: 3000 });
    const ops = new Set(document.events.map((event) => event.op));
    expect([...ops].sort()).toEqual(['clear-ad', 'exec', 'exit', 'fork', 'inspect', 'mmap', 'mprotect', 'munmap', 'read', 'spawn', 'write']);
    const firstExit = document.events.findIndex((event) => event.op === 'exit');
    expect(document.events.slice(firstExit).some((event) => event.op === 'spawn' || event.op === 'fork')).toBe(true);
  });

  it('refuses options out of range', () => {
    expect(() => generateScenario({ seed: -1 })).toThrow(expect.objectContaining({ code: 'OPTION_INVALID', message: 'seed must be an integer in [0, 4294967295] (got -1)' }));
    expect(() => generateScenario({ seed: 1, vms: 0 })).toThrow('vms must be an integer in [1, 65535] (got 0)');
    expect(() => generateScenario({ seed: 1, processesPerVm: 1.5 })).toThrow('processes per VM must be an integer in [1, 64] (got 1.5)');
    expect(() => generateScenario({ seed: 1, events: -5 })).toThrow('events must be an integer in [0, 10000000] (got -5)');
  });
});

describe('generated workloads, run', () => {
  const { outcomes } = runReferenceScenario(parseScenario(generateScenario({ seed: 21, vms: 2, events: 3000 })), 'native');
  const kindOf = (outcome: Outcome): string => ('fault' in outcome ? `${outcome.op} ${outcome.fault}` : 'value' in outcome ? 'read value' : outcome.op);

  it('include successes, unmapped accesses, and forbidden writes and execs', () => {
    const kinds = new Set(outcomes.map(kindOf));
    for (const kind of ['read value', 'write', 'exec', 'inspect', 'read unmapped', 'write unmapped', 'write protection', 'exec protection']) {
      expect(kinds).toContain(kind);
    }
  });

  it('mostly succeed', () => {
    const faults = outcomes.filter((outcome) => 'fault' in outcome).length;
    expect(faults / outcomes.length).toBeLessThan(0.4);
  });
});
