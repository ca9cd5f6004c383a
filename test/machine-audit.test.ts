import { generateScenario } from '../reference/scenario/generate';
import { parseScenario } from '../reference/scenario/validate';
import { MODES, Mode } from '../reference/scenario/types';
import { largePageScenario } from './support/large-page-scenario';
import { auditRun } from './support/machine-audit';
import { FIVE_LEVEL_TOP_OFFSET, moveAddresses } from './support/move-addresses';

/**
 * Shadow mode also checks every shadow entry after every event (512 entries
 * per shadow page), about a hundred times the cost of the TLB audit: it gets
 * fewer seeds so the file stays near half a minute.
 */
const SEEDS_BY_MODE: Record<Mode, number> = { native: 40, shadow: 14, ept: 40 };

describe.each(MODES)('%s mode keeps the TLB (and shadow tables) coherent with the guest after every event', (mode) => {
  it.each(Array.from({ length: SEEDS_BY_MODE[mode] }, (_, seed) => seed + 1))('seed %i', (seed) => {
    const scenario = parseScenario(generateScenario({ seed, vms: 2, events: 250 }));
    expect(auditRun(scenario, mode)).toEqual([]);
  });

  it('with a tiny TLB and no VPIDs', () => {
    const document = generateScenario({ seed: 99, vms: 3, events: 400 });
    const scenario = parseScenario({ ...document, machine: { ...document.machine, vpid: false, tlb: { entries: 8, ways: 2 } } });
    expect(auditRun(scenario, mode)).toEqual([]);
  });
});

describe.each(MODES)('%s mode stays coherent around 2 MiB pages (split, forked, unmapped)', (mode) => {
  it.each(Array.from({ length: mode === 'shadow' ? 3 : 8 }, (_, seed) => seed + 1))('seed %i', (seed) => {
    expect(auditRun(parseScenario(largePageScenario(seed, 150, 2)), mode)).toEqual([]);
  });
});

describe.each(MODES)('%s mode stays coherent with a 5-level guest (over 5-level EPT) at the top of its user space', (mode) => {
  it.each(Array.from({ length: mode === 'shadow' ? 4 : 10 }, (_, seed) => seed + 1))('seed %i', (seed) => {
    const document = moveAddresses(generateScenario({ seed, vms: 2, events: 250 }), FIVE_LEVEL_TOP_OFFSET);
    const scenario = parseScenario({ ...document, machine: { ...document.machine, guestLevels: 5, nestedLevels: 5 } });
    expect(auditRun(scenario, mode)).toEqual([]);
  });
});
