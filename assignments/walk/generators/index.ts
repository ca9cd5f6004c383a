import { ProbeGenerator } from '../../generators/generator';
import { accessedDirtyGenerator } from './walk-accessed-dirty';
import { canonicalGenerator } from './walk-canonical';
import { largePagesGenerator } from './walk-large-pages';
import { permissionMatrixGenerator } from './walk-permission-matrix';
import { randomSpacesGenerator } from './walk-random-spaces';
import { reservedBitsGenerator } from './walk-reserved-bits';
import { rightsOverLevelsGenerator } from './walk-rights-over-levels';
import { supervisorProtectionsGenerator } from './walk-supervisor-protections';
import { wideAddressesGenerator } from './walk-wide-addresses';

/**
 * Generators of the `walk` assignment's suites. All but the random spaces
 * enumerate a fixed list of cases: `count` 0 takes all of it, a smaller count
 * a stratified sample (walk-sampling.ts), and the seed picks the sample and
 * every address, frame and free choice in each case.
 */
export const GENERATORS: readonly ProbeGenerator[] = [
  permissionMatrixGenerator,
  rightsOverLevelsGenerator,
  largePagesGenerator,
  reservedBitsGenerator,
  canonicalGenerator,
  accessedDirtyGenerator,
  randomSpacesGenerator,
  wideAddressesGenerator,
  supervisorProtectionsGenerator,
];
