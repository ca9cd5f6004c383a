import { assignmentValidators } from '../../framework/validators';
import { NestedFaultObservation, NestedWalkObservation } from '../../../observe/nested-walk-probe';
import { observe } from '../../../observe/observe';
import { NestedWalkProbe } from '../../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { GENERATORS } from '../../generators/index';
import { GENERATORS as NESTED_GENERATORS } from '.';

// Architectural bits, spelled out from the SDM and the APM rather than imported.
const Q_READ = 0x1;
const Q_WRITE = 0x2;
const Q_FETCH = 0x4;
const Q_RIGHTS = 0x38;
const Q_LINEAR_VALID = 0x80;
const Q_FINAL = 0x100;
const PF_W = 0x2;
const PF_U = 0x4;
const PF_RSVD = 0x8;
const PF_ID = 0x10;
const NPF_FINAL = 1n << 32n;
const NPF_GUEST_TABLE = 1n << 33n;
const EPT_XWR = 0x7n;

interface Case {
  readonly probe: NestedWalkProbe;
  readonly observation: NestedWalkObservation;
}

function generate(name: string, count: number, params: Record<string, unknown> = {}, seed = 1): Case[] {
  const generator = GENERATORS.get(name);
  if (generator === undefined) throw new Error(`no generator ${name}`);
  return generator.generate({ seed, count, params }).map((probe) => {
    const observation = observe(probe, REFERENCE_COMPONENTS);
    if (observation.kind !== 'nested-walk' || probe.kind !== 'nested-walk') throw new Error(`the reference failed: ${JSON.stringify(observation)}`);
    return { probe, observation };
  });
}

const faultOf = ({ observation }: Case): NestedFaultObservation | null => (observation.result.ok ? null : observation.result.fault);
const nestedFaults = (cases: Case[]) => cases.map(faultOf).filter((fault): fault is Exclude<NestedFaultObservation, { kind: 'guest-fault' }> => fault !== null && fault.kind !== 'guest-fault');
const guestReferences = ({ observation }: Case) => observation.references.filter((reference) => reference.dimension === 'guest');
const lastReference = ({ observation }: Case) => observation.references[observation.references.length - 1];
const distinct = <T>(values: T[]) => [...new Set(values)].sort();

describe('every nested generator', () => {
  test.each(NESTED_GENERATORS.map((generator) => [generator.name]))('%s: registered, for the nested walker', (name) => {
    expect(GENERATORS.get(name)).toBe(NESTED_GENERATORS.find((generator) => generator.name === name));
    expect(GENERATORS.get(name)?.component).toBe('nestedWalker');
    expect(name).toMatch(/^nested-/);
  });

  test.each(NESTED_GENERATORS.map((generator) => [generator.name]))('%s: the same seed gives the same probes, a case does not depend on the count, another seed differs', (name) => {
    const generator = GENERATORS.get(name)!;
    const first = generator.generate({ seed: 7, count: 12, params: {} });
    expect(generator.generate({ seed: 7, count: 12, params: {} })).toEqual(first);
    expect(generator.generate({ seed: 7, count: 4, params: {} })).toEqual(first.slice(0, 4));
    expect(generator.generate({ seed: 8, count: 12, params: {} })).not.toEqual(first);
    expect(generator.generate({ seed: 7, count: 0, params: {} })).toEqual([]);
  });

  test.each(NESTED_GENERATORS.map((generator) => [generator.name]))('%s: probes the suite schema accepts, which the reference runs', (name) => {
    const cases = generate(name, 20, {}, 3);
    const suite = { suite: 'check', tests: [{ id: 'check', title: 'check', component: 'nestedWalker', part: 'p', points: 1, category: 'c', check: 'policy', probes: cases.map((c) => c.probe) }] };
    const validate = assignmentValidators().suite;
    expect(validate(suite) ? [] : validate.errors).toEqual([]);
  });

  test('an unknown parameter or a bad value is refused, naming the parameter', () => {
    const generate = (name: string, params: Record<string, unknown>) => () => GENERATORS.get(name)!.generate({ seed: 1, count: 1, params });
    expect(generate('nested-ept-violation', { stag: 'final' })).toThrow(/params\.stag: unknown parameter/);
    expect(generate('nested-ept-violation', { stage: 'data' })).toThrow(/params\.stage: must be one of "any", "guest-table", "final"/);
    expect(generate('nested-level-mix', { format: 'npf' })).toThrow(/params\.format/);
    expect(generate('nested-accessed-dirty', { format: 'ept' })).toThrow(/params\.format: unknown parameter \(known: none\)/);
  });
});

describe('nested-level-mix', () => {
  /** The shape of a successful walk read off the grid: guest levels walked n, nested levels walked m, and the leaf levels. */
  function shape(c: Case) {
    const guest = guestReferences(c);
    const n = guest.length;
    const m = c.observation.references.filter((reference) => reference.row === n).length;
    return { guestLevels: c.probe.guest.control.levels, guestLeaf: guest[n - 1].level, nestedLevels: c.probe.nested.levels, nestedLeaf: lastReference(c).level, n, m };
  }

  test.each(['ept', 'npt'])('%s: 36 cases, the 36 mixes of depth and page size in both dimensions, each with (n+1)(m+1) - 1 references', (format) => {
    const cases = generate('nested-level-mix', 36, { format });
    const mixes = new Set<string>();
    for (const c of cases) {
      expect(c.probe.nested.format).toBe(format);
      expect(c.observation.result.ok).toBe(true);
      const { guestLevels, guestLeaf, nestedLevels, nestedLeaf, n, m } = shape(c);
      expect(n).toBe(guestLevels - guestLeaf + 1);
      expect(m).toBe(nestedLevels - nestedLeaf + 1);
      expect(c.observation.references).toHaveLength((n + 1) * (m + 1) - 1);
      // Guest entry k (1-based) is reference k(m+1).
      expect(c.observation.references.flatMap((reference, i) => (reference.dimension === 'guest' ? [i + 1] : []))).toEqual(Array.from({ length: n }, (_, k) => (k + 1) * (m + 1)));
      // One TLB entry covers the smaller page: 4 KiB << 9 per level above the leaf.
      if (c.observation.result.ok) expect(BigInt(c.observation.result.pageSize)).toBe(0x1000n << BigInt(9 * (Math.min(guestLeaf, nestedLeaf) - 1)));
      mixes.add(`${guestLevels}/${guestLeaf}/${nestedLevels}/${nestedLeaf}`);
    }
    expect(mixes.size).toBe(2 * 3 * 2 * 3);
  });

  test('the lecture\'s vectors come first: 4x4 24, 4x3 19, 4x2 14, 3x4 19, 3x3 15, 5x4 29, 4x5 29, 5x5 35', () => {
    expect(generate('nested-level-mix', 8).map((c) => c.observation.references.length)).toEqual([24, 19, 14, 19, 15, 29, 29, 35]);
  });
});

describe('nested-ept-violation', () => {
  test('guest-table stage: violations while reading guest entries (bit 8 clear; bits 0 and 1 when EPT A/D makes it a write), and the read-only contrast case', () => {
    const cases = generate('nested-ept-violation', 80, { stage: 'guest-table' });
    const violations = cases.filter((c) => !c.observation.result.ok);
    for (const c of violations) {
      const fault = faultOf(c)!;
      if (fault.kind !== 'ept-violation') throw new Error(`expected an EPT violation, got ${fault.kind}`);
      expect(fault.stage).toBe('guest-table');
      expect(fault.qualification & (Q_FINAL | Q_LINEAR_VALID)).toBe(Q_LINEAR_VALID);
      const access = fault.qualification & (Q_READ | Q_WRITE | Q_FETCH);
      const row = c.probe.guest.control.levels - fault.guestLevel!;
      if (!c.probe.nested.accessedDirty && access === (Q_READ | Q_WRITE)) {
        // Without EPT A/D only the A/D update of an entry is a write: the walk read the entry, then stopped.
        expect(lastReference(c)).toMatchObject({ dimension: 'guest', row });
      } else {
        expect(access).toBe(c.probe.nested.accessedDirty ? Q_READ | Q_WRITE : Q_READ);
        // The walk stops in the row of the guest entry whose gPA failed, before reading it.
        expect(lastReference(c)).toMatchObject({ dimension: 'nested', row });
      }
    }
    const faults = nestedFaults(violations);
    expect(distinct(faults.map((fault) => fault.guestLevel))).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    expect(distinct(faults.map((fault) => fault.nestedLevel))).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    expect(faults.some((fault) => fault.kind === 'ept-violation' && (fault.qualification & Q_RIGHTS) !== 0)).toBe(true);
    expect(violations.some((c) => c.probe.nested.accessedDirty)).toBe(true);
    expect(violations.some((c) => !c.probe.nested.accessedDirty && (faultOf(c)!.kind === 'ept-violation') && lastReference(c).dimension === 'guest')).toBe(true);
    expect(cases.some((c) => c.observation.result.ok)).toBe(true);
  });

  test('final stage: violations of the data gPA (bit 8 set), for every access kind and every nested level', () => {
    const cases = generate('nested-ept-violation', 40, { stage: 'final' });
    for (const c of cases) {
      const fault = faultOf(c);
      if (fault?.kind !== 'ept-violation') throw new Error('expected an EPT violation');
      expect(fault.stage).toBe('final');
      expect(fault.qualification & (Q_FINAL | Q_LINEAR_VALID)).toBe(Q_FINAL | Q_LINEAR_VALID);
      const accessBit = { read: Q_READ, write: Q_WRITE, fetch: Q_FETCH }[c.probe.guest.access.kind];
      expect(fault.qualification & (Q_READ | Q_WRITE | Q_FETCH)).toBe(accessBit);
      expect(lastReference(c).row).toBe(guestReferences(c).length);
    }
    expect(distinct(cases.map((c) => c.probe.guest.access.kind))).toEqual(['fetch', 'read', 'write']);
    expect(distinct(nestedFaults(cases).map((fault) => fault.nestedLevel))).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });
});

/** An entry with bits that a present entry could not have: any outside address bits 45:12 (EPT: bits 7:3 or a memory type; x86: PS, bit 8; any: above MAXPHYADDR). */
const ADDRESS_45_12 = ((1n << 46n) - 1n) & ~0xfffn;
const hasBitsBesidesTheAddress = (entry: string, presentBits: bigint) => (BigInt(entry) & ~ADDRESS_45_12 & ~presentBits) !== 0n;

describe('not-present nested entries whose other bits would be reserved: presence is checked first', () => {
  test.each([
    ['guest-table', 5, 4],
    ['final', 3, 2],
  ])('EPT, %s stage: a violation with bits 3-5 clear, at an entry with XWR = 000 and bits a present entry could not have', (stage, situations, index) => {
    const cases = generate('nested-ept-violation', situations * 6, { stage }).filter((_, i) => i % situations === index);
    for (const c of cases) {
      const fault = faultOf(c);
      if (fault?.kind !== 'ept-violation') throw new Error(`expected an EPT violation, got ${fault?.kind}`);
      expect(fault.qualification & Q_RIGHTS).toBe(0);
      const last = lastReference(c);
      expect(last.dimension).toBe('nested');
      expect(BigInt(last.entry) & EPT_XWR).toBe(0n);
      expect(hasBitsBesidesTheAddress(last.entry, 0n)).toBe(true);
    }
  });

  test('NPT: a #NPF with P and RSVD clear, at an entry with P clear and bits a present entry could not have', () => {
    // Guest-table stage: 7 breaks, the second of them this one.
    const cases = generate('nested-npt', 42, { stage: 'guest-table' }).filter((_, i) => i % 7 === 1);
    for (const c of cases) {
      const fault = faultOf(c);
      if (fault?.kind !== 'npt-fault') throw new Error(`expected a #NPF, got ${fault?.kind}`);
      expect(BigInt(fault.exitInfo1) & BigInt(0x1 | PF_RSVD)).toBe(0n);
      const last = lastReference(c);
      expect(BigInt(last.entry) & 1n).toBe(0n);
      expect(hasBitsBesidesTheAddress(last.entry, 0x7n | 0x60n)).toBe(true);
    }
  });
});

describe('nested-two-level-table', () => {
  test.each([
    ['ept', 0x100n, 0x200n],
    ['npt', 0x20n, 0x40n],
  ])('%s: one nested entry read at level 2 and, rows later, at level 1; it wants A first and D alone later when that row writes', (format, accessed, dirty) => {
    const cases = generate('nested-two-level-table', 24, { format });
    let secondWrites = 0;
    for (const c of cases) {
      expect(c.observation.result.ok).toBe(true);
      const byAddress = new Map<string, number[]>();
      for (const reference of c.observation.references) {
        if (reference.dimension === 'nested') byAddress.set(reference.address, [...(byAddress.get(reference.address) ?? []), reference.level]);
      }
      const twoLevels = [...byAddress.entries()].filter(([, levels]) => new Set(levels).size === 2);
      expect(twoLevels.map(([, levels]) => distinct(levels))).toEqual([[1, 2]]);
      const [address] = twoLevels[0];
      const writes = c.observation.nestedAdWrites.filter((write) => write.hpa === address);
      // Its first write is A (unless the entry had it); a later one, D alone.
      if (writes.length === 2) {
        expect(writes.map((write) => [write.level, BigInt(write.bits)])).toEqual([
          [2, accessed],
          [1, dirty],
        ]);
        secondWrites++;
      }
    }
    expect(secondWrites).toBeGreaterThan(cases.length / 2);
  });
});

describe('nested-translation-rights', () => {
  test.each(['ept', 'npt'])('%s: reads that translate with read (and user) rights only, the guest and the nested side each lacking one more', (format) => {
    const cases = generate('nested-translation-rights', 8, { format });
    for (const c of cases) {
      expect(c.probe.nested.format).toBe(format);
      expect(c.probe.guest.access.kind).toBe('read');
      expect(c.observation.result).toMatchObject({ ok: true, rights: 0x1 | 0x8 });
    }
  });
});

describe('nested-ept-misconfig', () => {
  /** Why an EPT entry is malformed (SDM 29.3.3.1), read off its bits: every reason that applies. */
  function misconfigurations(entry: bigint, level: number, top: number, executeOnly: boolean): string[] {
    const reasons: string[] = [];
    const xwr = entry & EPT_XWR;
    const leaf = level === 1 || (level <= 3 && (entry & 0x80n) !== 0n);
    if (xwr === 0x2n || xwr === 0x6n) reasons.push('write without read');
    if (xwr === 0x4n && !executeOnly) reasons.push('execute-only');
    if ((entry >> 46n) & 0x3fn) reasons.push('above MAXPHYADDR');
    if (level === top && (entry & 0x80n) !== 0n) reasons.push('PS at the top');
    if (leaf && [2n, 3n, 7n].includes((entry >> 3n) & 7n)) reasons.push('memory type');
    if (!leaf && (entry & 0x78n) !== 0n) reasons.push('reserved bits 6:3');
    if (leaf && level > 1 && (entry & ((1n << BigInt(12 + 9 * (level - 1))) - 1n) & ~0xfffn) !== 0n) reasons.push('large-page address bits');
    return reasons;
  }

  test.each(['guest-table', 'final'])('%s stage: every kind of misconfiguration, and the not-present-first case', (stage) => {
    const cases = generate('nested-ept-misconfig', 60, { stage });
    const kinds = new Set<string>();
    let violations = 0;
    for (const c of cases) {
      const fault = faultOf(c);
      if (fault === null || fault.kind === 'guest-fault' || fault.kind === 'npt-fault') throw new Error('expected an EPT misconfiguration or violation');
      expect(fault.stage).toBe(stage);
      const last = lastReference(c);
      expect(last).toMatchObject({ dimension: 'nested', level: fault.nestedLevel });
      const reasons = misconfigurations(BigInt(last.entry), last.level, c.probe.nested.levels, c.probe.nested.executeOnly ?? true);
      if (fault.kind === 'ept-violation') {
        violations++;
        expect(BigInt(last.entry) & EPT_XWR).toBe(0n);
      } else {
        expect(reasons).not.toEqual([]);
        reasons.forEach((reason) => kinds.add(reason));
      }
    }
    expect([...kinds].sort()).toEqual(['PS at the top', 'above MAXPHYADDR', 'execute-only', 'large-page address bits', 'memory type', 'reserved bits 6:3', 'write without read']);
    expect(violations).toBeGreaterThan(0);
  });
});

describe('nested-accessed-dirty', () => {
  test('nested A/D writes exactly when EPT A/D is on, each entry once; D appears; faults of every dimension keep theirs', () => {
    const cases = generate('nested-accessed-dirty', 60);
    for (const c of cases) {
      expect(c.probe.nested.format).toBe('ept');
      if (!c.probe.nested.accessedDirty) expect(c.observation.nestedAdWrites).toEqual([]);
      const addresses = c.observation.nestedAdWrites.map((write) => write.hpa);
      expect(new Set(addresses).size).toBe(addresses.length);
    }
    const on = cases.filter((c) => c.probe.nested.accessedDirty);
    expect(on.filter((c) => c.observation.result.ok).every((c) => c.observation.nestedAdWrites.length > 0)).toBe(true);
    expect(on.some((c) => c.observation.nestedAdWrites.some((write) => BigInt(write.bits) & 0x200n))).toBe(true);
    expect(on.some((c) => faultOf(c)?.kind === 'guest-fault' && c.observation.nestedAdWrites.length > 0)).toBe(true);
    expect(nestedFaults(on).some((fault) => fault.kind === 'ept-violation' && fault.stage === 'guest-table' && (fault.qualification & (Q_READ | Q_WRITE)) === (Q_READ | Q_WRITE))).toBe(true);
    expect(cases.some((c) => !c.probe.nested.accessedDirty && c.observation.result.ok)).toBe(true);
  });
});

describe('nested-guest-fault', () => {
  test('faults of the guest tables only, ending at the faulting guest entry, with every kind of #PF and the #GP, under both formats', () => {
    const cases = generate('nested-guest-fault', 44);
    const codes = new Set<number>();
    const kinds = new Set<string>();
    for (const c of cases) {
      const fault = faultOf(c);
      if (fault === null) {
        // The one case the guest allows: a supervisor write to a read-only page with CR0.WP clear.
        expect(c.probe.guest).toMatchObject({ control: { wp: false }, access: { kind: 'write', user: false } });
        continue;
      }
      if (fault.kind !== 'guest-fault') throw new Error(`a guest fault was expected, got ${fault.kind}`);
      kinds.add(fault.guestFault);
      if (fault.guestFault === 'non-canonical') {
        expect(c.observation.references).toEqual([]);
        continue;
      }
      codes.add(fault.errorCode!);
      expect(lastReference(c)).toMatchObject({ dimension: 'guest', level: fault.level });
      expect(Boolean(fault.errorCode! & PF_W)).toBe(c.probe.guest.access.kind === 'write');
      expect(Boolean(fault.errorCode! & PF_U)).toBe(c.probe.guest.access.user);
    }
    expect([...kinds].sort()).toEqual(['non-canonical', 'not-present', 'protection', 'reserved']);
    expect(codes).toContain(0x7); // user write to a read-only page
    expect(codes).toContain(0x3); // supervisor write, WP set
    expect([...codes].some((code) => code & PF_RSVD)).toBe(true);
    expect([...codes].some((code) => code & PF_ID)).toBe(true);
    expect(distinct(cases.map((c) => c.probe.nested.format))).toEqual(['ept', 'npt']);
  });
});

describe('nested-npt', () => {
  test('#NPF only, with EXITINFO1 bit 33 and W|U for guest-table accesses (user writes), bit 32 for the final one; translations keep A/D', () => {
    const cases = generate('nested-npt', 52);
    for (const c of cases) {
      expect(c.probe.nested.format).toBe('npt');
      const fault = faultOf(c);
      if (fault === null) {
        expect(c.observation.nestedAdWrites.length).toBeGreaterThan(0);
        continue;
      }
      if (fault.kind !== 'npt-fault') throw new Error(`a #NPF was expected, got ${fault.kind}`);
      const exitInfo1 = BigInt(fault.exitInfo1);
      expect(exitInfo1 & BigInt(PF_U)).not.toBe(0n);
      if (fault.stage === 'guest-table') expect(exitInfo1 & (NPF_GUEST_TABLE | NPF_FINAL | BigInt(PF_W))).toBe(NPF_GUEST_TABLE | BigInt(PF_W));
      else expect(exitInfo1 & (NPF_GUEST_TABLE | NPF_FINAL)).toBe(NPF_FINAL);
    }
    expect(distinct(nestedFaults(cases).map((fault) => fault.stage))).toEqual(['final', 'guest-table']);
    expect(cases.some((c) => c.observation.result.ok && !c.probe.nested.accessedDirty)).toBe(true);
  });

  test.each(['guest-table', 'final'])('stage %s gives #NPF at that stage only', (stage) => {
    const stages = nestedFaults(generate('nested-npt', 20, { stage })).map((fault) => fault.stage);
    expect(stages).toHaveLength(20);
    expect(distinct(stages)).toEqual([stage]);
  });
});

describe('nested-random', () => {
  test('both formats, mostly translations, some faults', () => {
    const cases = generate('nested-random', 60);
    expect(distinct(cases.map((c) => c.probe.nested.format))).toEqual(['ept', 'npt']);
    const translations = cases.filter((c) => c.observation.result.ok).length;
    expect(translations).toBeGreaterThan(cases.length / 2);
    expect(translations).toBeLessThan(cases.length);
  });
});

describe('nested-address-zero', () => {
  test('every nested column in turn reads a table at hPA 0 first, under both formats, the guest root at gPA 0', () => {
    const cases = generate('nested-address-zero', 20);
    expect(distinct(cases.map((c) => c.probe.nested.format))).toEqual(['ept', 'npt']);
    cases.forEach((c, i) => {
      const column = Math.floor(i / 2) % 5;
      const atZero = c.observation.references.filter((reference) => reference.dimension === 'nested' && BigInt(reference.address) === 0n);
      expect(atZero.length).toBeGreaterThan(0);
      expect(distinct(atZero.map((reference) => reference.column))).toEqual([column]);
      // The first read of that column is the one at hPA 0: row 0, the walk of the guest root's gPA 0.
      expect(c.observation.references[column]).toMatchObject({ dimension: 'nested', row: 0, column, address: atZero[0].address });
      expect(BigInt(guestReferences(c)[0].gpa!)).toBeLessThan(0x1000n);
      expect(c.observation.result.ok).toBe(true);
    });
  });
});
