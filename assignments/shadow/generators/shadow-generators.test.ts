import { MachineObservation, observeMachine } from '../../../observe/machine/machine-probe';
import { MachineProbe } from '../../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { parseScenario } from '../../../reference/scenario/validate';
import { ProbeGenerator } from '../../generators/generator';
import { GENERATORS as SHADOW_GENERATORS } from '.';

const byName = (name: string): ProbeGenerator => SHADOW_GENERATORS.find((generator) => generator.name === name)!;
const machineProbes = (name: string, seed: number, count: number, params = {}) => byName(name).generate({ seed, count, params }) as MachineProbe[];
const observed = (name: string, seeds: readonly number[]): MachineObservation[] =>
  seeds.flatMap((seed) => machineProbes(name, seed, 2)).map((probe) => observeMachine(probe, REFERENCE_COMPONENTS, parseScenario));

describe.each(SHADOW_GENERATORS.map((generator) => [generator.name, generator] as const))('%s', (_name, generator) => {
  const request = { seed: 5, count: 3, params: {} };

  it('gives the same probes for the same request, and others for another seed', () => {
    expect(generator.generate(request)).toEqual(generator.generate(request));
    expect(generator.generate({ ...request, seed: 6 })).not.toEqual(generator.generate(request));
  });

  it('gives `count` valid shadow-mode scenarios', () => {
    const probes = generator.generate(request) as MachineProbe[];
    expect(probes).toHaveLength(3);
    for (const probe of probes) {
      expect(probe.kind).toBe('machine');
      expect(parseScenario(probe.scenario).machine.mode).toBe('shadow');
    }
  });

  it('refuses unknown parameters, bad snapshot choices and an empty count', () => {
    expect(() => generator.generate({ ...request, params: { snapshot: 'end' } })).toThrow(/params\.snapshot: unknown parameter/);
    expect(() => generator.generate({ ...request, params: { snapshots: 'sometimes' } })).toThrow(/params\.snapshots: must be one of/);
    expect(() => generator.generate({ ...request, count: 0 })).toThrow(/count/);
  });
});

describe('what the shaped generators exercise (seen on the reference machine)', () => {
  const seeds = [1, 2, 3, 4];

  it('shadow-true-faults injects every error code the guest OS can cause: 0x4, 0x6, 0x14 (not present), 0x7, 0x15 (protection)', () => {
    const codes = new Set(observed('shadow-true-faults', seeds).flatMap((o) => o.events.flatMap((record) => (record.faults ?? []).map((fault) => fault.errorCode))));
    for (const code of ['0x4', '0x6', '0x14', '0x7', '0x15']) expect(codes).toContain(code);
  });

  it('shadow-accessed-dirty inspects pages not accessed, accessed and clean, and dirty', () => {
    const ptes = observed('shadow-accessed-dirty', seeds).flatMap((o) => o.events.flatMap((record) => (record.outcome !== undefined && 'pte' in record.outcome ? [record.outcome.pte] : [])));
    const kinds = new Set(ptes.map((pte) => (!pte.present ? 'absent' : pte.dirty ? 'dirty' : pte.accessed ? 'clean' : 'untouched')));
    expect([...kinds].sort()).toEqual(['clean', 'dirty', 'untouched']);
  });

  it('shadow-frame-backing touches reused guest frames that need no new host frame', () => {
    const reuses = observed('shadow-frame-backing', seeds).filter((o) =>
      o.events.some((record, i) => record.op === 'read' && i > 0 && backedFrames(o, i) === backedFrames(o, i - 1) && (record.faults ?? []).some((fault) => fault.result === 'fixed')),
    );
    expect(reuses.length).toBeGreaterThan(0);
  });

  it('shadow-table-levels makes the guest clear non-leaf entries at every level (each unlinks a shadow table and flushes)', () => {
    const levels = new Set<number>();
    for (const o of observed('shadow-table-levels', seeds)) {
      for (let i = 1; i < o.snapshots.length; i++) {
        for (const table of o.snapshots[i].vms[0].guestTables) {
          const before = o.snapshots[i - 1].vms[0].guestTables.find((candidate) => candidate.table === table.table);
          if (table.level > 1 && before !== undefined && Object.keys(table.entries).length < Object.keys(before.entries).length) levels.add(table.level);
        }
      }
      expect(o.events.some((record) => record.op === 'munmap' && (record.counters?.tlbFlushes ?? 0) > 0)).toBe(true);
    }
    expect([...levels].sort()).toEqual([2, 3, 4]);
  });

  it('shadow-frame-reuse hands a freed page-table frame to the next process in another role', () => {
    const reused = observed('shadow-frame-reuse', seeds).filter((o) => {
      const exit = o.events.find((record) => record.op === 'exit')!.event;
      const roles = (after: number) => new Map(o.snapshots[after].vms[0].guestTables.map((table) => [table.table, table.level]));
      const afterExit = roles(exit);
      const freed = [...roles(exit - 1)].filter(([table]) => !afterExit.has(table));
      return o.snapshots.slice(exit + 1).some(({ afterEvent }) => {
        const later = roles(afterEvent);
        return freed.some(([table, level]) => (later.has(table) && later.get(table) !== level) || dataFrames(o, afterEvent).has(table));
      });
    });
    expect(reused.length).toBeGreaterThan(0);
  });

  it('shadow-large-page-faults fills direct pages and injects faults on large pages before and after they are present', () => {
    for (const o of observed('shadow-large-page-faults', seeds)) {
      expect(o.snapshots.some(({ vms }) => (vms[0].shadow?.pages ?? []).some((page) => page.direct === true && page.level === 1))).toBe(true);
    }
    const codes = new Set(observed('shadow-large-page-faults', seeds).flatMap((o) => o.events.flatMap((record) => (record.faults ?? []).map((fault) => fault.errorCode))));
    for (const code of ['0x4', '0x6', '0x7']) expect(codes).toContain(code);
    expect(codes.has('0x14') || codes.has('0x15')).toBe(true);
  });

  it('shadow-gigabyte-page builds direct pages at levels 2 and 1', () => {
    const o = observeMachine(machineProbes('shadow-gigabyte-page', 1, 1)[0], REFERENCE_COMPONENTS, parseScenario);
    const levels = new Set(o.snapshots.flatMap(({ vms }) => (vms[0].shadow?.pages ?? []).filter((page) => page.direct === true).map((page) => page.level)));
    expect([...levels].sort()).toEqual([1, 2]);
  });

  it('shadow-large-page-sync splits a present large page into a table, and unlinks direct pages (flushing the TLB)', () => {
    for (const o of observed('shadow-large-page-sync', seeds)) {
      const splits = o.events.filter((record) => ['munmap', 'mprotect'].includes(record.op) && (record.counters?.tlbFlushes ?? 0) > 0);
      expect(splits.length).toBeGreaterThan(0);
      const last = o.snapshots[o.snapshots.length - 1].vms[0];
      expect(last.guestTables.some((table) => table.level === 1 && Object.keys(table.entries).length >= 509)).toBe(true);
    }
  });

  it('shadow-context-switch switches processes back and forth', () => {
    for (const o of observed('shadow-context-switch', seeds)) {
      const switches = o.events.reduce((sum, record) => sum + (record.exits?.['cr3-write'] ?? 0), 0);
      expect(switches).toBeGreaterThan(4);
    }
  });
});

function backedFrames(o: MachineObservation, afterEvent: number): number {
  return Object.keys(o.snapshots[afterEvent].vms[0].backing ?? {}).length;
}

/** The guest frames mapped as pages by the leaves of a snapshot. */
function dataFrames(o: MachineObservation, afterEvent: number): Set<string> {
  const frames = new Set<string>();
  for (const table of o.snapshots[afterEvent].vms[0].guestTables) {
    if (table.level !== 1) continue;
    for (const entry of Object.values(table.entries)) frames.add('0x' + (BigInt(entry) & 0xffffffffff000n).toString(16));
  }
  return frames;
}
