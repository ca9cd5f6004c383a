import { ProbeGenerator } from '../../generators/generator';
import { ACCESS_KINDS, ACCESSES_UNDER_CONTROL, AccessUnderControl, subsets } from './walk-dimensions';
import { Flag, flagBits, randomAboveMaxPhysicalBit } from './walk-flags';
import { OPEN, PathLayout, randomCanonicalVa, randomFrame } from './walk-layout';
import { Params, checkParamNames, choiceParam } from '../../generators/generator-params';
import { generateFromSpace, listSpace, productSpace } from './walk-sampling';

/**
 * The permission matrix, in the spirit of kvm-unit-tests `x86/access.c`: the
 * flags of the PDE and the PTE of one 4-level path, a reserved bit in either,
 * every access (user/supervisor × read/write/fetch), CR0.WP and EFER.NXE.
 *
 * Combinations the hardware cannot tell apart are enumerated once: below a
 * PDE that is not present or maps a 2 MiB page the PT is never read, so the
 * PTE does not vary there; D is ignored in a PDE that points to a table; a
 * PTE that is not present carries no other flag. That leaves
 *   PDE not present:   2 (reserved bit or not)
 *   PDE 2 MiB leaf:    32 (RW US NX A D) × 2
 *   PDE to a table:    16 (RW US NX A) × 33 PTEs (not present, or P with RW US NX A D) × 3 (no reserved bit, in the PDE, in the PTE)
 * = 1650 entry configurations × 24 accesses and controls = 39,600 cases.
 * The PML4E and PDPTE are open (P RW US) with A clear, so every case also
 * shows which A bits a walk sets on the way down.
 *
 * `count` 0 generates every case; otherwise a stratified sample (see
 * walk-sampling.ts). Optional params narrow a dimension to some of its
 * values, for a test that targets one rule: `user` and `wp` and `nxe` (lists
 * of booleans), `kinds` (of "read", "write", "fetch"), `reservedIn` (of
 * "none", "PDE", "PTE"). E.g. `{ "user": [false], "kinds": ["write"],
 * "reservedIn": ["none"] }`: supervisor writes only, the CR0.WP cases.
 * Two more isolate the rights, for a test of one permission rule: `vary`
 * (of "RW", "US", "NX", "A", "D": only these flags vary; the others are
 * fixed as an open, used entry has them: RW, US, A and D set, NX clear) and
 * `largePages` (of true, false: whether the PDE may map a 2 MiB page).
 */

const RESERVED_PLACES = ['none', 'PDE', 'PTE'] as const;
type ReservedIn = (typeof RESERVED_PLACES)[number];

interface MatrixConfiguration {
  readonly pde: readonly Flag[];
  /** null: the walk never reaches the PT. */
  readonly pte: readonly Flag[] | null;
  readonly reservedIn: ReservedIn;
}

function matrixConfigurations(): MatrixConfiguration[] {
  const configurations: MatrixConfiguration[] = [];
  for (const reservedIn of ['none', 'PDE'] as const) configurations.push({ pde: [], pte: null, reservedIn });
  for (const flags of subsets<Flag>(['RW', 'US', 'NX', 'A', 'D'])) {
    for (const reservedIn of ['none', 'PDE'] as const) configurations.push({ pde: ['P', 'PS', ...flags], pte: null, reservedIn });
  }
  const ptes: Flag[][] = [[], ...subsets<Flag>(['RW', 'US', 'NX', 'A', 'D']).map((flags): Flag[] => ['P', ...flags])];
  for (const flags of subsets<Flag>(['RW', 'US', 'NX', 'A'])) {
    for (const pte of ptes) {
      for (const reservedIn of RESERVED_PLACES) configurations.push({ pde: ['P', ...flags], pte, reservedIn });
    }
  }
  return configurations;
}

const ALL_CONFIGURATIONS = matrixConfigurations();
const BOOLEANS = [false, true] as const;
const VARYING_FLAGS: readonly Flag[] = ['RW', 'US', 'NX', 'A', 'D'];
/** The flags of an open, used entry: what a flag left out of `vary` is fixed to. */
const FIXED_FLAGS: readonly Flag[] = ['RW', 'US', 'A', 'D'];

type MatrixCase = { readonly configuration: MatrixConfiguration } & AccessUnderControl;

/** The matrix, narrowed by the params. */
function matrixSpace(params: Params) {
  checkParamNames(params, ['user', 'kinds', 'wp', 'nxe', 'reservedIn', 'vary', 'largePages']);
  const vary = choiceParam(params, 'vary', VARYING_FLAGS);
  const largePages = choiceParam(params, 'largePages', BOOLEANS);
  const user = choiceParam(params, 'user', BOOLEANS);
  const kinds = choiceParam(params, 'kinds', ACCESS_KINDS);
  const wp = choiceParam(params, 'wp', BOOLEANS);
  const nxe = choiceParam(params, 'nxe', BOOLEANS);
  const reservedIn = choiceParam(params, 'reservedIn', RESERVED_PLACES);
  const accessUnderControl = ACCESSES_UNDER_CONTROL.filter(
    ({ access, control }) => user.includes(access.user) && kinds.includes(access.kind) && wp.includes(control.wp) && nxe.includes(control.nxe),
  );
  // A present entry's flag left out of `vary` has its fixed value; D never varies in a PDE that points to a table.
  const fixed = (flags: readonly Flag[], considered: readonly Flag[]) =>
    !flags.includes('P') || considered.every((flag) => vary.includes(flag) || flags.includes(flag) === FIXED_FLAGS.includes(flag));
  const configurations = ALL_CONFIGURATIONS.filter(({ pde, pte, reservedIn: where }) => {
    const largePage = pte === null && pde.includes('PS');
    return (
      reservedIn.includes(where) &&
      largePages.includes(largePage) &&
      fixed(pde, largePage || pte === null ? VARYING_FLAGS : VARYING_FLAGS.filter((flag) => flag !== 'D')) &&
      (pte === null || fixed(pte, VARYING_FLAGS))
    );
  });
  return productSpace(listSpace(configurations), listSpace(accessUnderControl), (configuration, rest): MatrixCase => ({ configuration, ...rest }));
}

export const permissionMatrixGenerator: ProbeGenerator = {
  name: 'walker-permission-matrix',
  description: `PDE × PTE flags (P RW US NX A D PS) × a reserved bit × access × CR0.WP × EFER.NXE, as in kvm-unit-tests access.c (${matrixSpace({}).size} cases; count 0 = all; params narrow a dimension)`,
  component: 'walker',
  generate({ seed, count, params }) {
    return generateFromSpace(matrixSpace(params), seed, count, ({ configuration, access, control }, random) => {
      const layout = PathLayout.random(random, 4, randomCanonicalVa(random, 4));
      const largePage = configuration.pte === null && configuration.pde.includes('PS');
      const reservedBit = randomAboveMaxPhysicalBit(random);
      const reserved = (where: ReservedIn) => (configuration.reservedIn === where ? reservedBit : 0n);

      const entries = new Map<number, bigint>([
        [4, layout.table(3) | OPEN],
        [3, layout.table(2) | OPEN],
        [2, (largePage ? randomFrame(random, 2) : layout.table(1)) | flagBits(configuration.pde) | reserved('PDE')],
      ]);
      if (configuration.pte !== null) entries.set(1, randomFrame(random, 1) | flagBits(configuration.pte) | reserved('PTE'));
      return layout.probe(entries, access, control);
    });
  },
};
