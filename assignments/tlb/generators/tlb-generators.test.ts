import { observe } from '../../../observe/observe';
import { MachineProbe, Probe } from '../../../observe/probe-types';
import { TlbObservation } from '../../../observe/tlb/tlb-observation';
import { TlbOperation, TlbProbe } from '../../../observe/tlb/tlb-probe-types';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { parseScenario } from '../../../reference/scenario/validate';
import { tlbSetCount } from '../../../reference/tlb/tlb-config';
import { makeTlbEntry } from '../../../reference/tlb/tlb-entry';
import { ProbeGenerator } from '../../generators/generator';
import { GENERATORS } from '.';

const byName = (name: string): ProbeGenerator => {
  const generator = GENERATORS.find((candidate) => candidate.name === name);
  if (generator === undefined) throw new Error(`no generator ${name}`);
  return generator;
};
const tlbProbes = (name: string, seed: number, count: number, params = {}): TlbProbe[] =>
  byName(name)
    .generate({ seed, count, params })
    .map((probe) => {
      if (probe.kind !== 'tlb') throw new Error(`${name} gave a ${probe.kind} probe`);
      return probe;
    });
const observed = (probe: Probe): TlbObservation => {
  const observation = observe(probe, REFERENCE_COMPONENTS);
  if (observation.kind !== 'tlb' || observation.stopped !== undefined) throw new Error(`the reference did not run the probe to the end: ${JSON.stringify(observation).slice(0, 300)}`);
  return observation;
};
const operationsOf = (probes: readonly TlbProbe[]) => probes.flatMap((probe) => probe.operations);
const fillsOf = (operations: readonly TlbOperation[]) => operations.flatMap((operation) => (operation.op === 'fill' ? [operation] : []));

const MACHINE_GENERATORS = ['tlb-vm-switch-ping-pong', 'tlb-machine-random'];
const TLB_GENERATORS = GENERATORS.filter((generator) => !MACHINE_GENERATORS.includes(generator.name));

describe.each(TLB_GENERATORS.map((generator) => [generator.name, generator] as const))('%s', (name, generator) => {
  const request = { seed: 5, count: 4, params: {} };

  it('gives the same probes for the same request, and others for another seed', () => {
    expect(generator.generate(request)).toEqual(generator.generate(request));
    expect(generator.generate({ ...request, seed: 6 })).not.toEqual(generator.generate(request));
  });

  it('gives `count` TLB probes of valid geometries whose fills a walk could make, which the reference runs to the end', () => {
    const probes = tlbProbes(name, 5, 4);
    expect(probes).toHaveLength(4);
    for (const probe of probes) {
      expect(() => tlbSetCount(probe.config)).not.toThrow();
      for (const fill of fillsOf(probe.operations)) {
        const { vpid, pcid, global, dirty, mappedPageSize } = fill;
        expect(() =>
          makeTlbEntry({
            vpid,
            pcid,
            global,
            dirty,
            va: BigInt(fill.va),
            pageSize: BigInt(fill.pageSize),
            physicalBase: BigInt(fill.physicalBase),
            rights: 0,
            ...(mappedPageSize === undefined ? {} : { mappedPageSize: BigInt(mappedPageSize) }),
          }),
        ).not.toThrow();
        expect(fill.rights).toMatch(/^r?w?x?u?$/);
      }
      observed(probe);
    }
  });

  it('refuses unknown parameters and an empty count', () => {
    expect(() => generator.generate({ ...request, params: { colour: 'red' } })).toThrow(/params\.colour/);
    expect(() => generator.generate({ ...request, count: 0 })).toThrow(/count/);
  });
});

describe('what the shaped generators exercise (seen on the reference)', () => {
  const seeds = [1, 2, 3];
  const outcomes = (name: string, params = {}) => seeds.flatMap((seed) => tlbProbes(name, seed, 4, params)).flatMap((probe) => observed(probe).steps);

  it('tlb-lru evicts: some page filled earlier misses later, and some hit refreshes a page that then survives', () => {
    const steps = outcomes('tlb-lru');
    expect(steps.some(({ operation, outcome }) => operation.op === 'lookup' && outcome.kind === 'miss')).toBe(true);
    expect(steps.filter(({ outcome }) => outcome.kind === 'hit').length).toBeGreaterThan(steps.length / 5);
  });

  it('tlb-page-sizes caches pages of all three sizes, in both halves of the address space', () => {
    const fills = fillsOf(operationsOf(seeds.flatMap((seed) => tlbProbes('tlb-page-sizes', seed, 4))));
    expect(new Set(fills.map((fill) => fill.pageSize))).toEqual(new Set(['0x1000', '0x200000', '0x40000000']));
    expect(fills.some((fill) => BigInt(fill.va) >= 1n << 63n)).toBe(true);
  });

  it('tlb-invlpg takes the sizes it is given', () => {
    const sizes = (params: object) => new Set(fillsOf(operationsOf(tlbProbes('tlb-invlpg', 1, 6, params))).map((fill) => fill.pageSize));
    expect(sizes({ sizes: ['4K'] })).toEqual(new Set(['0x1000']));
    expect(sizes({ sizes: ['1G'] })).toEqual(new Set(['0x40000000']));
    expect(() => tlbProbes('tlb-invlpg', 1, 1, { sizes: ['3K'] })).toThrow(/params\.sizes/);
  });

  it('tlb-invlpg-pieces fills pieces of large pages, and one invlpg drops several of them', () => {
    const steps = outcomes('tlb-invlpg-pieces');
    expect(steps.some(({ operation }) => operation.op === 'fill' && operation.mappedPageSize !== undefined)).toBe(true);
    expect(steps.some(({ operation, outcome }) => operation.op === 'invlpg' && outcome.kind === 'dropped' && outcome.count >= 3)).toBe(true);
  });

  it('tlb-pcids without globals fills no global entry; with them it does', () => {
    const globals = (params: object) => fillsOf(operationsOf(tlbProbes('tlb-pcids', 1, 3, params))).filter((fill) => fill.global).length;
    expect(globals({ globals: false })).toBe(0);
    expect(globals({})).toBeGreaterThan(0);
    expect(() => tlbProbes('tlb-pcids', 1, 1, { globals: 'yes' })).toThrow(/params\.globals/);
  });

  it('tlb-vm-transitions drops everything at a transition only without VPIDs', () => {
    const dropped = (vpid: boolean) =>
      outcomes('tlb-vm-transitions', { vpid: [vpid] }).flatMap(({ operation, outcome }) => (operation.op === 'vm-transition' && outcome.kind === 'dropped' ? [outcome.count] : []));
    expect(Math.max(...dropped(true))).toBe(0);
    expect(Math.max(...dropped(false))).toBeGreaterThan(0);
  });

  it('tlb-clean-entries and tlb-rights make lookups miss on rights and on clean entries, and hit otherwise', () => {
    for (const name of ['tlb-clean-entries', 'tlb-rights']) {
      const lookups = outcomes(name).filter(({ operation }) => operation.op === 'lookup');
      expect({ name, hits: lookups.some(({ outcome }) => outcome.kind === 'hit'), misses: lookups.some(({ outcome }) => outcome.kind === 'miss') }).toEqual({ name, hits: true, misses: true });
    }
  });

  it('tlb-random-mix makes every kind of operation, as long as asked', () => {
    const probes = tlbProbes('tlb-random-mix', 1, 3, { operations: 300 });
    expect(probes.map((probe) => probe.operations.length)).toEqual([300, 300, 300]);
    expect(new Set(operationsOf(probes).map((operation) => operation.op))).toEqual(new Set(['fill', 'lookup', 'invlpg', 'cr3-write', 'invvpid', 'vm-transition', 'flush-all']));
  });
});

describe('tlb-vm-switch-ping-pong', () => {
  const generator = byName('tlb-vm-switch-ping-pong');
  const machineProbes = (seed: number, count: number, params = {}) => generator.generate({ seed, count, params }) as MachineProbe[];

  it('alternates VPIDs on and off, pairs sharing a TLB, and covers every size with count 6', () => {
    const machines = machineProbes(3, 6).map((probe) => parseScenario(probe.scenario).machine);
    expect(machines.map((machine) => machine.vpid)).toEqual([true, false, true, false, true, false]);
    for (const pair of [0, 2, 4]) expect(machines[pair].tlb).toEqual(machines[pair + 1].tlb);
    expect(new Set(machines.map((machine) => machine.tlb.entries))).toEqual(new Set([64, 32, 16]));
    for (const machine of machines) expect(machine.mode).toBe('ept');
  });

  it('is the experiment\'s workload, scaled: two VMs, their set-up, then turns of reads', () => {
    const [probe] = machineProbes(1, 1, { entries: [64], vpid: [true], scale: 0.001 });
    const scenario = parseScenario(probe.scenario);
    expect(scenario.machine.tlb).toEqual({ entries: 64, ways: 4 });
    expect(new Set(scenario.events.map((event) => event.vm))).toEqual(new Set([1, 2]));
    expect(scenario.events.filter((event) => event.op === 'read').length).toBe(2 * 2 * 16);
  });

  it('refuses sizes, settings and scales it does not know', () => {
    expect(() => machineProbes(1, 1, { entries: [128] })).toThrow(/params\.entries/);
    expect(() => machineProbes(1, 1, { vpid: ['on'] })).toThrow(/params\.vpid/);
    expect(() => machineProbes(1, 1, { scale: 0 })).toThrow(/params\.scale/);
    expect(() => machineProbes(1, 0)).toThrow(/count/);
  });
});

describe('tlb-machine-random', () => {
  const generator = byName('tlb-machine-random');
  const machineProbes = (seed: number, count: number, params = {}) => generator.generate({ seed, count, params }) as MachineProbe[];

  it('gives two-VM ept scenarios on a small TLB, VPIDs on and off in turn, snapshotted after every event', () => {
    const probes = machineProbes(5, 4);
    const machines = probes.map((probe) => parseScenario(probe.scenario).machine);
    expect(machines.map((machine) => machine.vpid)).toEqual([true, false, true, false]);
    for (const machine of machines) expect({ mode: machine.mode, tlb: machine.tlb }).toEqual({ mode: 'ept', tlb: { entries: 16, ways: 4 } });
    for (const probe of probes) {
      expect(probe.snapshots).toBe('every-event');
      expect(new Set(parseScenario(probe.scenario).events.map((event) => event.vm))).toEqual(new Set([1, 2]));
    }
    expect(machineProbes(5, 4)).toEqual(probes);
  });

  it('refuses event counts it does not take', () => {
    expect(() => machineProbes(1, 1, { events: 5 })).toThrow(/params\.events/);
    expect(() => machineProbes(1, 1, { workload: 'x' })).toThrow(/params\.workload/);
    expect(() => machineProbes(1, 0)).toThrow(/count/);
  });
});
