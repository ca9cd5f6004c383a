import { ProbeGenerator } from '../../generators/generator';
import { accessedDirtyGenerator, firstTouchGenerator, frameBackingGenerator, trueFaultsGenerator } from './shadow-fault-generators';
import { gigabytePageGenerator, largePageFaultsGenerator, largePageSyncGenerator } from './shadow-large-page-generators';
import { randomAccessesGenerator, randomSyncGenerator } from './shadow-random-generators';
import { contextSwitchGenerator, forkStormGenerator, frameReuseGenerator, remapGenerator, tableLevelsGenerator } from './shadow-sync-generators';

/**
 * Generators of the `shadow` assignment's suites: shadow-mode machine probes.
 * The shaped ones write short scenarios around one situation (free choices
 * from the seed; snapshots after every event); the random ones run the
 * scenario generator's mixes.
 */
export const GENERATORS: readonly ProbeGenerator[] = [
  firstTouchGenerator,
  trueFaultsGenerator,
  accessedDirtyGenerator,
  frameBackingGenerator,
  randomAccessesGenerator,
  tableLevelsGenerator,
  remapGenerator,
  contextSwitchGenerator,
  forkStormGenerator,
  frameReuseGenerator,
  randomSyncGenerator,
  largePageFaultsGenerator,
  gigabytePageGenerator,
  largePageSyncGenerator,
];
