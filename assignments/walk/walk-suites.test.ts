import { readFileSync, statSync } from 'fs';
import * as path from 'path';
import { observe } from '../../observe/observe';
import { observedOnReference } from '../framework/observed-tests';
import { describeRealisticBugs } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { REFERENCE_COMPONENTS, runReferenceScenario } from '../../reference/reference-components';
import { parseScenario } from '../../reference/scenario/validate';
import { describeOutcome, machineProbe } from './test-support/scenario-outcomes';
import { WALK_ASSIGNMENT_DIR, loadWalkAssignment } from './test-support/walk-assignment';
import { outcomeLine, referenceWalk } from './test-support/walk-outcomes';

const { assignment, tests } = loadWalkAssignment();
const suiteOf = (name: string) => tests.filter((test) => test.suite === name);

describe('the walk assignment', () => {
  it('loads: manifest, suites, generators, and parts whose points are the sum of their tests', () => {
    expect(assignment.manifest.id).toBe('walk');
    expect(assignment.manifest.assesses).toEqual(['walker']);
    const pointsByPart: Record<string, number> = {};
    for (const test of tests) pointsByPart[test.part] = (pointsByPart[test.part] ?? 0) + test.points;
    expect(pointsByPart).toEqual(Object.fromEntries(assignment.manifest.parts.map((part) => [part.id, part.points])));
    expect(Object.values(pointsByPart).reduce((sum, points) => sum + points, 0)).toBe(100);
  });

  it('keeps the public suite small and visible, and every other suite out of sight', () => {
    const publicTests = suiteOf('public');
    expect(publicTests.length).toBeGreaterThanOrEqual(10);
    expect(publicTests.length).toBeLessThanOrEqual(25);
    for (const suite of assignment.manifest.suites) expect(suite.visibility).toBe(suite.name === 'public' ? 'visible' : suite.name === 'tlb' ? 'after_due_date' : 'hidden');
  });

  it('tests every part in a suite students cannot see, and gives every test a hint', () => {
    const hiddenParts = new Set(tests.filter((test) => test.suite !== 'public').map((test) => test.part));
    expect([...hiddenParts].sort()).toEqual(assignment.manifest.parts.map((part) => part.id).sort());
    for (const test of tests) expect(test.hint?.length ?? 0).toBeGreaterThan(20);
  });

  it('runs every walk probe of every suite on the reference walker', () => {
    const walkProbes = tests.flatMap((test) => test.probes).filter((probe) => probe.kind === 'walk');
    expect(walkProbes.length).toBeGreaterThan(1500);
    for (const probe of walkProbes) referenceWalk(probe);
  });

  it('has only native-mode scenarios in its machine probes, each observed to the end on the reference machine', () => {
    const machineProbes = tests.flatMap((test) => test.probes).filter((probe) => probe.kind === 'machine');
    expect(machineProbes.length).toBe(6);
    for (const probe of machineProbes.map(machineProbe)) {
      expect(probe.scenario.machine?.mode).toBe('native');
      const observation = observe(probe, REFERENCE_COMPONENTS);
      if (observation.kind !== 'machine') throw new Error(`expected a machine observation, got ${JSON.stringify(observation)}`);
      expect(observation.stopped).toBeUndefined();
      expect(observation.events).toHaveLength(probe.scenario.events.length);
    }
  });

  it("states every part's points in the spec's table, and the public and hidden totals", () => {
    const spec = readFileSync(path.join(WALK_ASSIGNMENT_DIR, 'spec.md'), 'utf8');
    const table = Object.fromEntries([...spec.matchAll(/^\| ([a-z-]+) \| .* \| (\d+) \|$/gm)].map(([, part, points]) => [part, Number(points)]));
    expect(table).toEqual(Object.fromEntries(assignment.manifest.parts.map((part) => [part.id, part.points])));
    const points = (suites: (name: string) => boolean) => tests.filter((test) => suites(test.suite)).reduce((sum, test) => sum + test.points, 0);
    expect(spec).toContain(`**Public suite** (${points((name) => name === 'public')} points, visible)`);
    expect(spec).toContain(`**Hidden suites** (${points((name) => name !== 'public' && name !== 'tlb')} points)`);
  });

  it('keeps its JSON files small: the bulk of the cases comes from generators', () => {
    for (const suite of assignment.manifest.suites) expect({ file: suite.file, small: statSync(path.join(WALK_ASSIGNMENT_DIR, suite.file)).size < 32_000 }).toEqual({ file: suite.file, small: true });
  });
});

/**
 * Literal walk probes, worked out by hand from the rules (spec.md, docs/x86-paging-rules.md).
 * The worked vector: VA 0x7f1234567abc has indices 254, 72, 418, 359 and
 * offset 0xabc; with tables at 0x1000..0x4000 the entries are at 0x17f0,
 * 0x2240, 0x3d10, 0x4b38. Each line: the outcome, then (where it matters) the
 * entries read and the A/D writes as `bits@entry`.
 */
interface HandWorked {
  readonly outcome: string;
  readonly reads?: readonly string[];
  readonly adWrites?: readonly string[];
  readonly pageSize?: string;
}
const VECTOR_READS = ['0x17f0', '0x2240', '0x3d10', '0x4b38'];
const TABLE_ACCESSED = ['0x20@0x17f0', '0x20@0x2240', '0x20@0x3d10'];

const HAND_WORKED: Readonly<Record<string, readonly HandWorked[]>> = {
  // The second case sets bit 52 (ignored, free for software) in the PDPTE: the next table is still 0x3000.
  'walk.public.worked-vector-4k': [
    { outcome: 'ok 0x5abc', reads: VECTOR_READS, adWrites: [], pageSize: '0x1000' },
    { outcome: 'ok 0x5abc', reads: VECTOR_READS, adWrites: [] },
  ],
  // Bits 20:0 of the address (0x167abc) under the 2 MiB frame 0x40000000.
  'walk.public.worked-vector-2m': [{ outcome: 'ok 0x40167abc', reads: VECTOR_READS.slice(0, 3), pageSize: '0x200000' }],
  // Bits 29:0 (0x34567abc) under the 1 GiB frame 0x40000000.
  'walk.public.vector-1g': [{ outcome: 'ok 0x74567abc', reads: VECTOR_READS.slice(0, 2), pageSize: '0x40000000' }],
  // Bits 56:48 = 1: the PML5E at 0x6000 + 8.
  'walk.public.five-level': [{ outcome: 'ok 0x5abc', reads: ['0x6008', ...VECTOR_READS] }],
  'walk.public.not-present': [{ outcome: 'not-present@4', reads: ['0x17f0'] }, { outcome: 'not-present@2' }, { outcome: 'not-present@1' }],
  'walk.public.user-write-read-only': [{ outcome: 'protection@1' }],
  // Supervisor write to a read-only page: faults with WP=1; with WP=0 it succeeds and sets D.
  'walk.public.write-protect': [{ outcome: 'protection@1', adWrites: [] }, { outcome: 'ok 0x5abc', adWrites: ['0x40@0x4b38'] }],
  // US clear in the PDE: the user read faults (reported at the leaf), the supervisor read does not.
  'walk.public.user-needs-us-everywhere': [{ outcome: 'protection@1' }, { outcome: 'ok 0x5abc' }],
  'walk.public.no-execute': [{ outcome: 'protection@1' }, { outcome: 'ok 0x5abc' }, { outcome: 'reserved@1' }],
  // Bit 51 in the PDE; then bit 51 in a PTE without RW under a user write: reserved, not protection.
  'walk.public.reserved-bit': [{ outcome: 'reserved@2', reads: VECTOR_READS.slice(0, 3) }, { outcome: 'reserved@1', reads: VECTOR_READS, adWrites: [] }],
  'walk.public.ps-in-pml4': [{ outcome: 'reserved@4', reads: ['0x17f0'] }],
  // Bit 13 of a 2 MiB leaf is reserved; bit 12 is PAT.
  // VA 0x7f1234566abc has bit 12 clear: the PAT bit of the PDE must not show in the address.
  'walk.public.large-page-address-bits': [{ outcome: 'reserved@2' }, { outcome: 'ok 0x40167abc' }, { outcome: 'ok 0x40166abc' }],
  // 0xffff800000000000 is canonical: PML4 index 256, entry 0x1800.
  'walk.public.non-canonical': [{ outcome: 'non-canonical', reads: [] }, { outcome: 'non-canonical', reads: [] }, { outcome: 'not-present@4', reads: ['0x1800'] }],
  'walk.public.accessed-bits': [{ outcome: 'ok 0x5abc', adWrites: [...TABLE_ACCESSED, '0x20@0x4b38'] }],
  'walk.public.dirty-on-write': [{ outcome: 'ok 0x5abc', adWrites: ['0x40@0x4b38'] }, { outcome: 'ok 0x5abc', adWrites: ['0x60@0x4b38'] }],
  'walk.public.faulting-access': [{ outcome: 'protection@1', adWrites: TABLE_ACCESSED }],
  // The worked vector's page is a user page (US at every level). SMEP: a supervisor fetch faults; without SMEP it does
  // not; a supervisor page (PTE 0x5063, US clear) may be fetched from, and so may a page whose PDE (0x4023) lacks US
  // though its PTE has it; a user fetch is not SMEP's.
  'walk.public.smep': [{ outcome: 'protection@1' }, { outcome: 'ok 0x5abc' }, { outcome: 'ok 0x5abc' }, { outcome: 'ok 0x5abc' }, { outcome: 'ok 0x5abc' }],
  // SMAP: a supervisor read with AC=0 faults, with AC=1 it does not, an implicit one faults whatever AC; a fetch is not SMAP's.
  'walk.public.smap': [{ outcome: 'protection@1' }, { outcome: 'ok 0x5abc' }, { outcome: 'protection@1' }, { outcome: 'ok 0x5abc' }],
  // PTE 0x2800000000005067 has key 5 (bits 62:59 = 0101): AD is PKRU bit 10 (0x400), WD bit 11 (0x800). AD stops a user
  // read; WD lets it through but stops a user write; a supervisor write with WP=0 ignores WD; without PKE nothing counts;
  // a fetch is never checked; a supervisor read of the user page is; a supervisor page (PTE 0x...5063, US clear) is not;
  // PKE with PKRU absent (0) forbids nothing, on key 0 (PTE 0x5067) too.
  'walk.public.protection-keys': [
    { outcome: 'protection@1', adWrites: [] },
    { outcome: 'ok 0x5abc' },
    { outcome: 'protection@1' },
    { outcome: 'ok 0x5abc', adWrites: [] },
    { outcome: 'ok 0x5abc' },
    { outcome: 'ok 0x5abc' },
    { outcome: 'protection@1' },
    { outcome: 'ok 0x5abc' },
    { outcome: 'ok 0x5abc' },
  ],
  // 0x7ffffffffff8: indices 255, 511, 511, 511; tables high in memory (bit 45 used).
  'walk.translation.index-edges': [
    { outcome: 'ok 0x3ffffffffff8', reads: ['0x123457f8', '0x3fffffffeff8', '0x7ff8', '0x200000000ff8'], adWrites: [] },
    { outcome: 'ok 0xabcde123', reads: ['0x1ff8', '0x2ff8', '0x3ff8', '0x4ff8'] },
    { outcome: 'ok 0xd000', reads: ['0x9000', '0xa000', '0xb000', '0xc000'], adWrites: [] },
  ],
  // PS at the top level is reserved even when the address below it is aligned to the would-be page size.
  'walk.malformed.ps-at-the-top': [
    { outcome: 'reserved@4', reads: ['0x17f0'], adWrites: [] },
    { outcome: 'reserved@5', reads: ['0x6000'], adWrites: [] },
  ],
  // The read of the PDE (level 2) fails; the root read fails; the 5-level walk's PTE read fails. No step for a failed
  // read; the table entries walked through before it keep their A bits (0x9000 and 0xa688 have A already).
  'walk.public.failed-reads': [
    { outcome: 'access-failed@2', reads: ['0x17f0', '0x2240'], adWrites: ['0x20@0x17f0', '0x20@0x2240'] },
    { outcome: 'access-failed@4', reads: [], adWrites: [] },
    { outcome: 'access-failed@1', reads: ['0x8000', '0x9120', '0xa688', '0xb598'], adWrites: ['0x20@0x9120', '0x20@0xb598'] },
  ],
  // The lecture's vector with A set everywhere: a failed read at level 3, at the PTE of a supervisor write, at the PML5
  // (entry 0x6008: bits 56:48 of 0x17f1234567abc are 1) and at the PTE of a 5-level fetch. Nothing to set, no step for it.
  'walk.translation.failed-reads-every-level': [
    { outcome: 'access-failed@3', reads: ['0x17f0'], adWrites: [] },
    { outcome: 'access-failed@1', reads: ['0x17f0', '0x2240', '0x3d10'], adWrites: [] },
    { outcome: 'access-failed@5', reads: [], adWrites: [] },
    { outcome: 'access-failed@1', reads: ['0x6008', '0x17f0', '0x2240', '0x3d10'], adWrites: [] },
  ],
};

describe('literal walk probes, against hand-worked results', () => {
  const literalWalkTests = tests.filter((test) => test.seed === undefined && test.probes[0].kind === 'walk');

  it('has a hand-worked result for every literal walk test', () => {
    expect(literalWalkTests.map((test) => test.id).sort()).toEqual(Object.keys(HAND_WORKED).sort());
  });

  it.each(literalWalkTests.map((test) => [test.id, test] as const))('%s', (id, test) => {
    const expected = HAND_WORKED[id];
    expect(test.probes).toHaveLength(expected.length);
    test.probes.forEach((probe, index) => {
      const walk = referenceWalk(probe);
      const got: HandWorked = {
        outcome: outcomeLine(walk),
        reads: walk.steps.map((step) => step.entryAddress),
        adWrites: walk.adWrites.map((write) => `${write.bits}@${write.entryAddress}`),
        pageSize: walk.result.ok ? walk.result.pageSize : undefined,
      };
      const relevant = Object.fromEntries(Object.keys(expected[index]).map((key) => [key, got[key as keyof HandWorked]]));
      expect({ probe: index, ...relevant }).toEqual({ probe: index, ...expected[index] });
    });
  });
});

/**
 * The TLB scenarios, worked out by hand from docs/scenario-format.md and the model
 * choices (README): a first touch walks twice (the demand fault, then the
 * retry); a clean TLB entry cannot serve a write; invlpg (mprotect,
 * clear-ad) and a failed TLB check drop the entry. Outcomes are written
 * `read=value`, `write`, `op!fault`, and `pte:wxad` (writable, executable,
 * accessed, dirty; `-` when clear) or `pte:absent`.
 */
const TLB_HAND_WORKED: Readonly<Record<string, { outcomes: string[]; tlbHits: number; walks: number }>> = {
  'walk.tlb.repeated-access': { outcomes: ['write', 'read=7', 'read=0', 'write', 'read=0', 'read=0'], tlbHits: 4, walks: 4 },
  'walk.tlb.accessed-then-dirty': { outcomes: ['pte:absent', 'read=0', 'pte:w-a-', 'write', 'pte:w-ad'], tlbHits: 0, walks: 3 },
  'walk.tlb.clean-page-write-walks-again': {
    outcomes: ['read=0', 'read=0', 'write', 'write', 'read=3', 'pte:w-ad', 'pte:w---', 'read=4', 'pte:w-a-'],
    tlbHits: 3,
    walks: 4,
  },
  'walk.tlb.mprotect-invalidates': { outcomes: ['write', 'write', 'read=5', 'write!protection', 'write', 'read=5', 'pte:--ad', 'write', 'read=11'], tlbHits: 2, walks: 8 },
  'walk.tlb.cached-rights': {
    outcomes: ['write', 'read=1', 'write!protection', 'exec!protection', 'exec', 'read=0', 'write!protection', 'read=1'],
    tlbHits: 1,
    walks: 9,
  },
  'walk.tlb.faulting-access-sets-nothing': { outcomes: ['write', 'write!protection', 'pte:----', 'exec!protection', 'pte:----', 'read=1', 'pte:--a-'], tlbHits: 0, walks: 5 },
};

describe('TLB scenarios on the reference machine, against hand-worked results', () => {
  const machineTests = suiteOf('tlb');

  it('has a hand-worked result for every TLB test', () => {
    expect(machineTests.map((test) => test.id).sort()).toEqual(Object.keys(TLB_HAND_WORKED).sort());
  });

  it.each(machineTests.map((test) => [test.id, test] as const))('%s', (id, test) => {
    const result = runReferenceScenario(parseScenario(machineProbe(test.probes[0]).scenario));
    expect({ outcomes: result.outcomes.map(describeOutcome), tlbHits: result.stats.tlbHits, walks: result.stats.walks }).toEqual(TLB_HAND_WORKED[id]);
  });
});

// The realistic bugs (bugs/index.ts): at least 20 for the walker; each fails a public test whose first difference
// uses its feedback words, and a test that declares its rule. What each costs over every suite is walk-bugs.slow.test.ts's.
describeRealisticBugs({ assignment, tests: observedOnReference(tests), bugs: REALISTIC_BUGS });
