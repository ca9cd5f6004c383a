import Ajv from 'ajv';
import { probeSchema } from '../../framework/probe-schema';
import { WalkProbe } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { asWalkProbe, outcomeKind, referenceWalk, tally } from '../test-support/walk-outcomes';
import { GENERATORS } from '../../generators/index';
import { ACCESSED_DIRTY_CASES } from './walk-accessed-dirty';
import { CANONICAL_CASES } from './walk-canonical';
import { GENERATORS as WALK_GENERATORS } from '.';
import { LARGE_PAGE_CASES } from './walk-large-pages';
import { RESERVED_BIT_CASES } from './walk-reserved-bits';
import { sampleIndices } from './walk-sampling';
import { WIDE_ADDRESS_CASES } from './walk-wide-addresses';

const generator = (name: string) => {
  const found = WALK_GENERATORS.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no generator ${name}`);
  return found;
};
const generate = (name: string, count: number, params: Record<string, unknown> = {}, seed = 1): WalkProbe[] =>
  generator(name).generate({ seed, count, params }).map(asWalkProbe);

describe('every walk generator', () => {
  const validProbe = new Ajv({ discriminator: true, strict: true, strictRequired: false, validateSchema: false }).compile(probeSchema);

  it.each(WALK_GENERATORS.map((each) => [each.name, each] as const))('%s: same seed, same probes; another seed, other probes', (_name, each) => {
    const request = { seed: 7, count: 12, params: {} };
    const probes = each.generate(request);

    expect(probes).toHaveLength(12);
    expect(each.generate(request)).toEqual(probes);
    expect(each.generate({ ...request, seed: 8 })).not.toEqual(probes);
    for (const probe of probes) expect(validProbe(probe) ? 'valid' : validProbe.errors).toBe('valid');
  });

  it.each(WALK_GENERATORS.map((each) => [each.name, each] as const))('%s: registered for the walker, refuses an unknown parameter by name', (name, each) => {
    expect(GENERATORS.get(name)).toBe(each);
    expect(each.component).toBe('walker');
    expect(() => each.generate({ seed: 1, count: 1, params: { levls: 5 } })).toThrow(/params\.levls/);
  });
});

describe('stratified sampling', () => {
  it('draws one index from each of `count` equal slices, ascending', () => {
    const indices = sampleIndices(1000, 10, new Random(3));
    expect(indices).toHaveLength(10);
    indices.forEach((index, slice) => {
      expect(index).toBeGreaterThanOrEqual(slice * 100);
      expect(index).toBeLessThan((slice + 1) * 100);
    });
  });

  it.each([
    [0, 'count 0'],
    [5, 'count equal to the size'],
    [9, 'count above the size'],
  ])('takes every index with %s (%s)', (count) => {
    expect(sampleIndices(5, count, new Random(3))).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a case the same content whichever sample it is drawn in', () => {
    const all = generate('walker-large-pages', 0);
    const sample = generate('walker-large-pages', 10);
    for (const probe of sample) expect(all).toContainEqual(probe);
  });
});

describe('walker-permission-matrix', () => {
  it('enumerates 1650 entry configurations for each of the 24 accesses and controls', () => {
    expect(generate('walker-permission-matrix', 0, { user: [true], kinds: ['read'], wp: [true], nxe: [false] })).toHaveLength(1650);
    expect(generator('walker-permission-matrix').description).toContain('39600 cases');
  });

  it('narrows a dimension to the values given: supervisor writes with NXE and no reserved bit', () => {
    const probes = generate('walker-permission-matrix', 0, { user: [false], kinds: ['write'], reservedIn: ['none'], nxe: [true] });

    // 561 configurations without a reserved bit (1 + 32 + 16 × 33) × CR0.WP set or clear.
    expect(probes).toHaveLength(561 * 2);
    expect(new Set(probes.map((probe) => JSON.stringify([probe.access, probe.control.nxe])))).toEqual(new Set([JSON.stringify([{ kind: 'write', user: false }, true])]));
    expect(tally(probes, (probe) => String(probe.control.wp))).toEqual({ false: 561, true: 561 });
  });

  it('refuses a value outside a dimension', () => {
    expect(() => generate('walker-permission-matrix', 1, { kinds: ['execute'] })).toThrow(/params\.kinds/);
  });

  it('reaches every outcome at both the PDE and the PTE level in a sample', () => {
    const outcomes = tally(generate('walker-permission-matrix', 600), (probe) => outcomeKind(referenceWalk(probe)));
    for (const outcome of ['ok', 'not-present@1', 'not-present@2', 'reserved@1', 'reserved@2', 'protection@1', 'protection@2']) expect(outcomes[outcome]).toBeGreaterThan(0);
  });
});

describe('walker-rights-over-levels', () => {
  it('has every entry present and accessed, so only rights decide: translations and protection faults at the leaf', () => {
    const probes = generate('walker-rights-over-levels', 300);
    for (const probe of probes) {
      expect(Object.values(probe.memory).map((entry) => BigInt(entry) & 0x21n)).toEqual([0x21n, 0x21n, 0x21n, 0x21n]);
    }
    expect(Object.keys(tally(probes, (probe) => outcomeKind(referenceWalk(probe)))).sort()).toEqual(['ok', 'protection@1']);
  });
});

describe('walker-large-pages', () => {
  const probes = generate('walker-large-pages', 0);

  it('generates each documented case once, in order', () => {
    expect(probes).toHaveLength(LARGE_PAGE_CASES.size);
    expect(LARGE_PAGE_CASES.size).toBe(84);
  });

  it('makes each case do what its variant says', () => {
    probes.forEach((probe, index) => {
      const { leafLevel, variant, levels } = LARGE_PAGE_CASES.at(index);
      const walk = referenceWalk(probe);
      expect(probe.control.levels).toBe(levels);
      // Expected outcomes from the rules: low address bits and bits above MAXPHYADDR are reserved;
      // the three rights variants take away what their access needs; the rest translate.
      const expected =
        variant.kind === 'low-address-bit' || variant.kind === 'above-max-physical'
          ? `reserved@${leafLevel}`
          : ['user-denied', 'read-only', 'no-execute'].includes(variant.kind)
            ? `protection@${leafLevel}`
            : 'ok';
      expect({ index, variant, outcome: outcomeKind(walk) }).toEqual({ index, variant, outcome: expected });
      if (walk.result.ok) {
        expect(walk.result.leafLevel).toBe(leafLevel);
        // Bit 12 of a translated 2 MiB/1 GiB address comes from the address, never from PAT.
        if (leafLevel > 1) expect(BigInt(walk.result.address) & 0x1000n).toBe(BigInt(probe.va) & 0x1000n);
      }
    });
  });
});

describe('walker-reserved-bits', () => {
  it('makes each case fault, or not, as its variant says', () => {
    const probes = generate('walker-reserved-bits', 0);
    expect(probes).toHaveLength(RESERVED_BIT_CASES.size);
    expect(RESERVED_BIT_CASES.size).toBe(173);

    probes.forEach((probe, index) => {
      const { level, leafLevel, variant } = RESERVED_BIT_CASES.at(index);
      const outcome = outcomeKind(referenceWalk(probe));
      const mustFault = ['above-max-physical', 'nx-without-nxe', 'reserved-beats-protection', 'upper-level-wins'].includes(variant) || (variant === 'ps' && level >= 4);
      let expected: readonly string[];
      if (mustFault) expected = [`reserved@${level}`];
      else if (variant === 'not-present-with-reserved') expected = [`not-present@${level}`];
      // NX with NXE on is a right, not a reserved bit: a fetch may fault on it.
      else if (variant === 'nx-with-nxe') expected = ['ok', `protection@${leafLevel}`];
      else expected = ['ok'];
      expect({ index, variant, level, outcome: expected.includes(outcome) ? 'as expected' : outcome }).toEqual({ index, variant, level, outcome: 'as expected' });
    });
  });
});

describe('walker-canonical', () => {
  it('refuses exactly the non-canonical shapes, and maps the canonical ones', () => {
    const probes = generate('walker-canonical', 0);
    expect(probes).toHaveLength(CANONICAL_CASES.size);

    probes.forEach((probe, index) => {
      const { levels, name } = CANONICAL_CASES.at(index);
      const canonical = /^(first page|top page|bottom page|random)/.test(name) || (name.startsWith('bit 48') && levels === 5);
      // Canonical by the rule itself: bits 63..(width-1) all equal.
      const width = levels === 4 ? 48n : 57n;
      const top = BigInt(probe.va) >> (width - 1n);
      expect(top === 0n || top === (1n << (65n - width)) - 1n).toBe(canonical);
      expect(outcomeKind(referenceWalk(probe))).toBe(canonical ? 'ok' : 'non-canonical');
    });
  });
});

describe('walker-accessed-dirty', () => {
  it('ends each walk the way its case says, with A already set and clear at every level', () => {
    const probes = generate('walker-accessed-dirty', 0);
    expect(probes).toHaveLength(ACCESSED_DIRTY_CASES.size);
    expect(ACCESSED_DIRTY_CASES.size).toBe(1488);

    probes.forEach((probe, index) => {
      const { ending, leafLevel } = ACCESSED_DIRTY_CASES.at(index);
      const expected = ending.kind === 'translation' ? 'ok' : ending.kind === 'protection' ? `protection@${leafLevel}` : `${ending.kind}@${ending.level}`;
      expect({ index, outcome: outcomeKind(referenceWalk(probe)) }).toEqual({ index, outcome: expected });
    });
    // Every pattern of A set/clear over the entries of each path: 2^4 + 2^3 + 2^2.
    const cases = Array.from({ length: ACCESSED_DIRTY_CASES.size }, (_, index) => ACCESSED_DIRTY_CASES.at(index));
    expect(new Set(cases.map((item) => `${item.leafLevel}:${item.accessed.join()}`)).size).toBe(16 + 8 + 4);
  });
});

describe('walker-random-spaces', () => {
  it('mixes hits and faults, and all three page sizes', () => {
    const walks = generate('walker-random-spaces', 200).map(referenceWalk);
    const translated = walks.filter((walk) => walk.result.ok).length;
    expect(translated).toBeGreaterThan(60);
    expect(translated).toBeLessThan(180);
    expect(new Set(walks.map((walk) => (walk.result.ok ? walk.result.leafLevel : 0)))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('walks five levels when asked', () => {
    const probes = generate('walker-random-spaces', 20, { levels: 5 });
    for (const probe of probes) expect(probe.control.levels).toBe(5);
    expect(probes.map((probe) => referenceWalk(probe).steps[0].level)).toEqual(Array(20).fill(5));
  });

  it.each([
    [{ levels: 6 }, /params\.levels/],
    [{ pages: 0 }, /params\.pages/],
    [{ hitRate: 2 }, /params\.hitRate/],
  ])('refuses %j', (params, message) => {
    expect(() => generate('walker-random-spaces', 1, params)).toThrow(message);
  });

  it('needs a count: it has no finite list of cases', () => {
    expect(() => generate('walker-random-spaces', 0)).toThrow(/count/);
  });
});

describe('walker-wide-addresses', () => {
  it('translates every case, at an address in its band and the offset it names', () => {
    const probes = generate('walker-wide-addresses', 0);
    expect(probes).toHaveLength(WIDE_ADDRESS_CASES.size);
    expect(WIDE_ADDRESS_CASES.size).toBe(36);

    probes.forEach((probe, index) => {
      const { levels, band, leafLevel, offset } = WIDE_ADDRESS_CASES.at(index);
      const va = BigInt(probe.va);
      expect(probe.control.levels).toBe(levels);
      expect(va >= 1n << 53n).toBe(true);
      if (band === 'lower-2^53') expect(va >> 53n).toBe(1n);
      if (band === 'lower-top') expect(va >> 55n).toBe(1n);
      if (band === 'upper') expect(va >> 63n).toBe(1n);

      const size = 1n << BigInt(12 + 9 * (leafLevel - 1));
      const pageOffset = va & (size - 1n);
      if (offset === 'first-byte') expect(pageOffset).toBe(0n);
      if (offset === 'last-byte') expect(pageOffset).toBe(size - 1n);
      if (offset === 'odd') expect(pageOffset & 1n).toBe(1n);

      const walk = referenceWalk(probe);
      expect(walk.result.ok && walk.result.leafLevel).toBe(leafLevel);
      expect(walk.result.ok && BigInt(walk.result.address) & (size - 1n)).toBe(pageOffset);
    });
  });
});

describe('walker-supervisor-protections', () => {
  const rule = (probe: WalkProbe) => {
    const { control } = probe;
    return [control.smep ? 'smep' : '', control.smap ? 'smap' : '', control.pke ? 'pke' : ''].filter(Boolean).join('+') || 'none';
  };

  it('enumerates 8 settings of SMEP/SMAP/PKE × (10 supervisor accesses × 48 pages, keys and controls + 6 user accesses × the 16 of user pages)', () => {
    expect(generator('walker-supervisor-protections').description).toContain('4608 cases');
    const all = generate('walker-supervisor-protections', 0);
    expect(all).toHaveLength(4608);
    expect(tally(all, rule)).toEqual({ none: 576, smep: 576, smap: 576, pke: 576, 'smep+smap': 576, 'smep+pke': 576, 'smap+pke': 576, 'smep+smap+pke': 576 });
    // A user access is only ever to a user page (US at every level).
    const userAccesses = all.filter((probe) => probe.access.user);
    expect(userAccesses.every((probe) => referenceWalk(probe).steps.every((step) => (BigInt(step.entry) & 4n) !== 0n))).toBe(true);
    // Implicit accesses are supervisor data accesses only.
    expect(all.filter((probe) => probe.access.implicit === true && (probe.access.user || probe.access.kind === 'fetch'))).toEqual([]);
    // Every way a walk ends here: allowed, refused for its rights, SMEP, SMAP or a key.
    expect(tally(all, (probe) => outcomeKind(referenceWalk(probe)).replace(/@.*/, ''))).toEqual({ ok: expect.any(Number), protection: expect.any(Number) });
  });

  it('keeps to 4-level paging, a 4 KiB leaf and entries with A and D with plainPath', () => {
    for (const probe of generate('walker-supervisor-protections', 100, { plainPath: true })) {
      const walk = referenceWalk(probe);
      expect({ levels: probe.control.levels, read: walk.steps.length, leafAdWrites: walk.adWrites.length }).toEqual({ levels: 4, read: 4, leafAdWrites: 0 });
    }
  });

  it('narrows to the features, accesses and users given: supervisor fetches with SMEP alone on or off', () => {
    const probes = generate('walker-supervisor-protections', 0, { features: ['smep'], user: [false], kinds: ['fetch'] });
    // {off, SMEP} × fetch with AC clear or set × 48.
    expect(probes).toHaveLength(2 * 2 * 48);
    expect(tally(probes, rule)).toEqual({ none: 96, smep: 96 });
    expect(probes.every((probe) => !probe.access.user && probe.access.kind === 'fetch')).toBe(true);
  });

  it('puts the key in the leaf (bits 62:59): a user read of a user page faults exactly when PKRU has AD of that key', () => {
    const reads = generate('walker-supervisor-protections', 0, { features: ['pke'], user: [true], kinds: ['read'] });
    const seen = { forbidden: 0, allowed: 0 };
    for (const probe of reads.filter((each) => each.control.pke === true)) {
      const walk = referenceWalk(probe);
      const entries = walk.steps.map((step) => BigInt(step.entry));
      if (!entries.every((entry) => (entry & 4n) !== 0n)) continue; // a supervisor page: refused to a user read anyway
      const key = Number((entries[entries.length - 1] >> 59n) & 0xfn);
      const accessDisabled = ((probe.control.pkru! >>> (2 * key)) & 1) === 1;
      expect({ key, accessDisabled, outcome: outcomeKind(walk) }).toEqual({ key, accessDisabled, outcome: accessDisabled ? `protection@${walk.steps.length === 0 ? 0 : walk.steps[walk.steps.length - 1].level}` : 'ok' });
      seen[accessDisabled ? 'forbidden' : 'allowed']++;
    }
    expect(seen.forbidden).toBeGreaterThan(10);
    expect(seen.allowed).toBeGreaterThan(10);
  });
});

describe('params that isolate one rule', () => {
  it('walker-permission-matrix: `vary` fixes the other flags (RW, US, A, D set, NX clear), `largePages` drops the 2 MiB PDEs', () => {
    const probes = generate('walker-permission-matrix', 0, { user: [true], kinds: ['read'], wp: [true], nxe: [true], vary: ['RW', 'US', 'NX'], largePages: [false] });
    // PDE not present (2) + PDE to a table with any RW/US/NX (8) × (PTE not present + 8 PTEs) × 3 places of a reserved bit.
    expect(probes).toHaveLength(2 + 8 * 9 * 3);
    for (const probe of probes) {
      const walk = referenceWalk(probe);
      const pde = BigInt(walk.steps[2].entry);
      expect({ ps: pde & 0x80n, adWrites: walk.adWrites.filter((write) => write.level <= 2) }).toEqual({ ps: 0n, adWrites: [] });
    }
    expect(() => generate('walker-permission-matrix', 1, { vary: ['G'] })).toThrow(/params\.vary/);
  });

  it('walker-reserved-bits: `variants`, `levels` and `presetAccessedDirty` narrow the cases and leave nothing to set', () => {
    const probes = generate('walker-reserved-bits', 0, { variants: ['upper-level-wins'], levels: [4], presetAccessedDirty: true });
    // 4-level paths with a 4 KiB, 2 MiB or 1 GiB leaf: a bad entry above the leaf at each of 3 + 2 + 1 levels.
    expect(probes).toHaveLength(6);
    for (const probe of probes) {
      const walk = referenceWalk(probe);
      expect({ levels: probe.control.levels, outcome: outcomeKind(walk).replace(/@.*/, ''), adWrites: walk.adWrites }).toEqual({ levels: 4, outcome: 'reserved', adWrites: [] });
    }
    expect(() => generate('walker-reserved-bits', 1, { levels: [3] })).toThrow(/params\.levels/);
    expect(() => generate('walker-reserved-bits', 1, { presetAccessedDirty: 'yes' })).toThrow(/params\.presetAccessedDirty/);
  });

  it('walker-canonical: `presetAccessedDirty` leaves no A/D write on any walk', () => {
    for (const probe of generate('walker-canonical', 0, { presetAccessedDirty: true })) expect(referenceWalk(probe).adWrites).toEqual([]);
  });
});
