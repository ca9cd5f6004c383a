import { generateScenario } from '../reference/scenario/generate';
import { parseScenario } from '../reference/scenario/validate';
import type { ResolvedScenario, Scenario } from '../reference/scenario/types';
import { concentrateWords } from './support/concentrate-words';
import { denseScenario } from './support/dense-scenario';
import { runModel } from './support/guest-visible-model';
import { HAND_WRITTEN_CASES } from './support/hand-written-cases';
import { largePageScenario } from './support/large-page-scenario';
import { MACHINE_VARIANTS } from './support/machine-variants';
import { FIVE_LEVEL_TOP_OFFSET, moveAddresses } from './support/move-addresses';
import { firstDifference, modeDisagreements } from './support/mode-equivalence';
import { Coverage, tally } from './support/outcome-coverage';

/**
 * The central claim: the guest cannot tell the modes apart. Native, shadow
 * and EPT give the same outcomes as each other and as an independent model
 * written from the contract, whatever the machine options.
 */

function withVariant(document: Scenario, variant: Scenario['machine']): Scenario {
  return { ...document, machine: { ...document.machine, ...variant } };
}

/** What a corpus of random scenarios must contain, each at least 20 times, for their agreement to mean something. */
const EXPECTED_KINDS = [
  ...['spawn', 'exit', 'fork', 'mmap', 'munmap', 'mprotect', 'read', 'write', 'exec', 'inspect', 'clear-ad'].map((op) => `op ${op}`),
  'read of 0',
  'read of a written value',
  'write done',
  'exec done',
  'read fault unmapped',
  'write fault unmapped',
  'exec fault unmapped',
  'write fault protection',
  'exec fault protection',
  'inspect: not present',
  'inspect: present',
  'inspect: present, accessed',
  'inspect: present, accessed, dirty',
];

/**
 * A corpus of scenarios, one per seed: together they must exercise every op
 * and every kind of outcome (each at least 20 times, for their agreement to
 * mean something), and each must give the model's outcomes in every mode.
 */
function checkCorpus(seeds: readonly number[], scenarioOf: (seed: number) => { scenario: ResolvedScenario; label: string }): void {
  it('the corpus exercises every op and every kind of outcome', () => {
    const coverage: Coverage = {};
    for (const seed of seeds) {
      const { scenario } = scenarioOf(seed);
      tally(coverage, scenario.events, runModel(scenario.events).outcomes);
    }
    const rare = EXPECTED_KINDS.filter((kind) => (coverage[kind] ?? 0) < 20).map((kind) => `${kind}: ${coverage[kind] ?? 0}`);
    expect(rare).toEqual([]);
  });

  it.each(seeds)('seed %i', (seed) => {
    const { scenario, label } = scenarioOf(seed);
    expect(modeDisagreements(scenario, label)).toEqual([]);
  });
}

describe('hand-written scenarios: outcomes worked out from SCENARIO.md', () => {
  const cases = HAND_WRITTEN_CASES.map((entry) => [entry.scenario.name ?? '(unnamed)', entry] as const);

  it.each(cases)('%s: the model gives the outcomes worked out by hand', (_name, entry) => {
    const scenario = parseScenario(entry.scenario);
    expect(firstDifference(scenario, entry.expected, runModel(scenario.events).outcomes)).toBeNull();
  });

  it.each(cases)('%s: every mode, under every machine variant, gives them too', (name, entry) => {
    const problems = MACHINE_VARIANTS.flatMap(([variantName, variant]) => {
      const scenario = parseScenario(withVariant(entry.scenario, variant));
      return modeDisagreements(scenario, `${name} (${variantName})`);
    });
    expect(problems).toEqual([]);
  });
});

describe('generated scenarios: every mode equals the model', () => {
  /** Sized so that 300 scenarios in 3 modes plus the model stay well under a minute on two cores. */
  const EVENTS_PER_SCENARIO = 300;
  const SEEDS = Array.from({ length: 300 }, (_, i) => i + 1);

  /**
   * Seed n: 1-3 VMs, 1-3 processes each, one of the machine variants in turn,
   * and accesses folded onto 1 or 2 words per page so reads meet written data
   * (see concentrateWords).
   */
  function generated(seed: number): { scenario: ResolvedScenario; label: string } {
    const [variantName, variant] = MACHINE_VARIANTS[seed % MACHINE_VARIANTS.length];
    const document = generateScenario({
      seed,
      vms: 1 + (seed % 3),
      processesPerVm: 1 + (Math.floor(seed / 3) % 3),
      events: EVENTS_PER_SCENARIO,
    });
    return { scenario: parseScenario(withVariant(concentrateWords(document, 1 + (seed % 2)), variant)), label: `seed ${seed} (${variantName})` };
  }

  checkCorpus(SEEDS, generated);
});

describe('dense scenarios (16 pages, constant reuse): every mode equals the model', () => {
  const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each(SEEDS)('seed %i', (seed) => {
    const [variantName, variant] = MACHINE_VARIANTS[seed % MACHINE_VARIANTS.length];
    const scenario = parseScenario(withVariant(denseScenario(seed, 300, 1 + (seed % 2)), variant));
    expect(modeDisagreements(scenario, `dense seed ${seed} (${variantName})`)).toEqual([]);
  });
});

describe('large-page scenarios (2 MiB pages mapped, touched, split, forked): every mode equals the model', () => {
  /** Fewer, shorter scenarios than above: a split or a fork of a large page is 512 entries of kernel work. */
  const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

  checkCorpus(SEEDS, (seed) => {
    const [variantName, variant] = MACHINE_VARIANTS[seed % MACHINE_VARIANTS.length];
    return { scenario: parseScenario(withVariant(largePageScenario(seed, 150, 1 + (seed % 2)), variant)), label: `large-page seed ${seed} (${variantName})` };
  });
});

describe('5-level guests at the top of their user space (above 2^47, where a 4-level guest cannot go): every mode equals the model', () => {
  const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

  /** Generated scenarios (and every fourth a large-page one), moved up; the EPT 4 or 5 levels deep in turn. */
  checkCorpus(SEEDS, (seed) => {
    const source = seed % 4 === 0 ? largePageScenario(seed, 150, 2) : concentrateWords(generateScenario({ seed, vms: 1 + (seed % 2), events: 300 }), 1 + (seed % 2));
    const nestedLevels = seed % 2 === 0 ? 5 : 4;
    const document = { ...moveAddresses(source, FIVE_LEVEL_TOP_OFFSET), machine: { ...source.machine, guestLevels: 5, nestedLevels } };
    return { scenario: parseScenario(document), label: `seed ${seed} moved up (5-level guest, ${nestedLevels}-level EPT)` };
  });
});
