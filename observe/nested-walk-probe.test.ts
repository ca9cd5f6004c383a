import { NestedWalker } from '../reference/nested/nested-walker';
import { referenceNestedWalker } from '../reference/nested/reference-nested-walker';
import { referenceWalker } from '../reference/paging/reference-walker';
import { Walker } from '../reference/paging/walker';
import { observeNestedWalk } from './nested-walk-probe';
import { MemoryImage, NestedWalkProbe } from './probe-types';
import { LECTURE_MEMORY } from './test-support/lecture-two-d-memory';


function probe(changes: { va?: string; kind?: 'read' | 'write' | 'fetch'; format?: 'ept' | 'npt'; accessedDirty?: boolean; memory?: MemoryImage } = {}): NestedWalkProbe {
  return {
    kind: 'nested-walk',
    guest: { control: { wp: true, nxe: true, levels: 4 }, root: '0x1000', va: changes.va ?? '0x7f1234567abc', access: { kind: changes.kind ?? 'read', user: true } },
    nested: { format: changes.format ?? 'ept', levels: 4, root: '0x100000', accessedDirty: changes.accessedDirty ?? false },
    memory: { ...LECTURE_MEMORY, ...changes.memory },
  };
}

const observeReference = (input: NestedWalkProbe) => observeNestedWalk(input, referenceNestedWalker, referenceWalker);

describe('observing a 2D walk', () => {
  test('every reference in order, in hex, with the gPA of guest entries only', () => {
    const observation = observeReference(probe());
    expect(observation.references).toHaveLength(24);
    expect(observation.references[0]).toEqual({ dimension: 'nested', row: 0, column: 0, address: '0x100000', level: 4, entry: '0x101007' });
    expect(observation.references[4]).toEqual({ dimension: 'guest', row: 0, column: 4, address: '0x2017f0', gpa: '0x17f0', level: 4, entry: '0x2007' });
    expect(observation.references[23]).toEqual({ dimension: 'nested', row: 4, column: 3, address: '0x106018', level: 1, entry: '0x300037' });
    expect(observation.result).toEqual({ ok: true, gpa: '0x8140603abc', hpa: '0x300abc', pageSize: '0x1000', rights: 15 });
  });

  test('A/D writes of both dimensions, located and in hex', () => {
    const observation = observeReference(probe({ kind: 'write', accessedDirty: true }));
    expect(observation.guestAdWrites[3]).toEqual({ level: 1, gpa: '0x4b38', hpa: '0x204b38', bits: '0x60' });
    expect(observation.nestedAdWrites[0]).toEqual({ level: 4, hpa: '0x100000', bits: '0x100' });
    expect(observation.nestedAdWrites[observation.nestedAdWrites.length - 1]).toEqual({ level: 1, hpa: '0x106018', bits: '0x300' });
  });

  test('an EPT violation keeps where it stopped and its qualification', () => {
    const observation = observeReference(probe({ memory: { '0x103018': '0x0' } }));
    expect(observation.result).toEqual({ ok: false, fault: { kind: 'ept-violation', gpa: '0x3d10', stage: 'guest-table', guestLevel: 2, nestedLevel: 1, qualification: 0x81 } });
  });

  test("a misconfiguration keeps no reason text: the reason is the walker's own wording", () => {
    const observation = observeReference(probe({ memory: { '0x106018': '0x300032' } }));
    expect(observation.result).toEqual({ ok: false, fault: { kind: 'ept-misconfig', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1 } });
  });

  test('a #NPF keeps EXITINFO1 as hex: it has bits above 32', () => {
    const npt = { '0x100000': '0x101007', '0x100008': '0x104007', '0x101000': '0x102007', '0x102000': '0x103007', '0x104028': '0x105007', '0x105018': '0x106007' };
    const observation = observeReference(
      probe({ format: 'npt', kind: 'write', memory: { ...npt, '0x103008': '0x201007', '0x103010': '0x202007', '0x103018': '0x203007', '0x103020': '0x204007', '0x106018': '0x300005' } }),
    );
    expect(observation.result).toEqual({ ok: false, fault: { kind: 'npt-fault', gpa: '0x8140603abc', stage: 'final', nestedLevel: 1, exitInfo1: '0x100000007' } });
  });

  test('a guest fault keeps the guest fault kind, its level and the error code; #GP has neither', () => {
    expect(observeReference(probe({ memory: { '0x204b38': '0x0' } })).result).toEqual({ ok: false, fault: { kind: 'guest-fault', guestFault: 'not-present', level: 1, errorCode: 4 } });
    const general = observeReference(probe({ va: '0x800000000000' }));
    expect(general.result).toEqual({ ok: false, fault: { kind: 'guest-fault', guestFault: 'non-canonical' } });
    expect(general.references).toEqual([]);
  });

  test('an observation is plain JSON', () => {
    const observation = observeReference(probe({ kind: 'write', accessedDirty: true }));
    expect(JSON.parse(JSON.stringify(observation))).toEqual(observation);
  });
});

describe('what the walker under test is given', () => {
  test('the request from the probe, a read-only view of host memory and the guest walker passed in', () => {
    const seen: unknown[] = [];
    const guestWalker: Walker = { walk: (request, readEntry) => referenceWalker.walk(request, readEntry) };
    const spy: NestedWalker = {
      walk(request, hostMemory, walker) {
        seen.push(request, Object.keys(hostMemory), walker === guestWalker, hostMemory.readEntry(0x106018n));
        return referenceNestedWalker.walk(request, hostMemory, walker);
      },
    };
    observeNestedWalk(probe(), spy, guestWalker);
    expect(seen).toEqual([
      {
        guest: { root: 0x1000n, va: 0x7f1234567abcn, access: { kind: 'read', user: true }, control: { wp: true, nxe: true, levels: 4 } },
        nested: { format: 'ept', levels: 4, root: 0x100000n, accessedDirty: false },
      },
      ['readEntry'],
      true,
      0x300037n,
    ]);
  });
});
