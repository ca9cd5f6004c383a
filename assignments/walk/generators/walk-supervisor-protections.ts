import { PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PKEY_SHIFT, PTE_RW, PTE_US } from '../../../reference/paging/constants';
import { WalkProbeAccess, WalkProbeControl } from '../../../observe/probe-types';
import { AccessKind } from '../../../reference/paging/rights';
import { ProbeGenerator } from '../../generators/generator';
import { Params, checkParamNames, choiceParam } from '../../generators/generator-params';
import { ACCESS_KINDS, subsets } from './walk-dimensions';
import { booleanParam } from './walk-params';
import { PathLayout, randomCanonicalVa, randomFrame } from './walk-layout';
import { CaseSpace, generateFromSpace, listSpace } from './walk-sampling';

/**
 * SMEP, SMAP and protection keys, in the spirit of kvm-unit-tests
 * `x86/access.c`: which of CR4.SMEP, CR4.SMAP and CR4.PKE are on × the
 * access (user or supervisor, read, write or fetch, EFLAGS.AC, implicit) ×
 * whose page it is (a user page; a supervisor page by the leaf's US; a
 * supervisor page by an upper entry's US; user accesses to user pages only,
 * since US alone refuses them the others) × AD and WD of the page's key in
 * PKRU × CR0.WP × the leaf's RW. The rest is drawn per case: 4 or 5 levels, a
 * 4 KiB, 2 MiB or 1 GiB leaf, the key (0 to 15) and PKRU's bits for the other
 * keys, the leaf's NX (EFER.NXE is on), its A and D, and the upper entries'
 * A, so a fault also shows which A bits the walk set on its way down.
 *
 * Params narrow a dimension: `features` (of "smep", "smap", "pke": only
 * those may be on), `user` (of true, false) and `kinds` (of "read",
 * "write", "fetch"). `plainPath` (true) keeps every case to 4-level paging,
 * a 4 KiB leaf and entries that already have A and D, so only the
 * protections decide. `count` 0 generates every case.
 */

const FEATURES = ['smep', 'smap', 'pke'] as const;
type Feature = (typeof FEATURES)[number];
const PAGE_OWNERS = ['user', 'supervisor-leaf', 'supervisor-above'] as const;
type PageOwner = (typeof PAGE_OWNERS)[number];
const BOOLEANS = [false, true] as const;

interface ProtectionCase {
  readonly features: readonly Feature[];
  readonly access: WalkProbeAccess;
  readonly owner: PageOwner;
  readonly keyAccessDisabled: boolean;
  readonly keyWriteDisabled: boolean;
  readonly wp: boolean;
  readonly writable: boolean;
}

/** The accesses: AC for each; `implicit` only for supervisor data accesses (implicit accesses are supervisor ones, never fetches). */
function accesses(users: readonly boolean[], kinds: readonly AccessKind[]): WalkProbeAccess[] {
  return users.flatMap((user) =>
    kinds.flatMap((kind) =>
      BOOLEANS.flatMap((ac) => (user || kind === 'fetch' ? [false] : BOOLEANS).map((implicit): WalkProbeAccess => ({ kind, user, ...(ac ? { ac } : {}), ...(implicit ? { implicit } : {}) }))),
    ),
  );
}

function protectionSpace(params: Params): CaseSpace<ProtectionCase> {
  checkParamNames(params, ['features', 'user', 'kinds', 'plainPath']);
  const features = subsets<Feature>([...choiceParam(params, 'features', FEATURES)]);
  const access = accesses(choiceParam(params, 'user', BOOLEANS), choiceParam(params, 'kinds', ACCESS_KINDS));
  const settings = PAGE_OWNERS.flatMap((owner) =>
    BOOLEANS.flatMap((keyAccessDisabled) =>
      BOOLEANS.flatMap((keyWriteDisabled) => BOOLEANS.flatMap((wp) => BOOLEANS.map((writable) => ({ owner, keyAccessDisabled, keyWriteDisabled, wp, writable })))),
    ),
  );
  // A user access to a supervisor page is refused by US alone, whatever the protections: it is not their business.
  return listSpace(
    features.flatMap((on) =>
      access.flatMap((request) => settings.filter((setting) => !request.user || setting.owner === 'user').map((setting) => ({ features: on, access: request, ...setting }))),
    ),
  );
}

export const supervisorProtectionsGenerator: ProbeGenerator = {
  name: 'walker-supervisor-protections',
  description: `CR4.SMEP, SMAP, PKE × access (with EFLAGS.AC, implicit) × user or supervisor page × PKRU AD/WD of the page's key × CR0.WP × RW, as in kvm-unit-tests access.c (${protectionSpace({}).size} cases; count 0 = all; params narrow a dimension)`,
  component: 'walker',
  generate({ seed, count, params }) {
    const plain = booleanParam(params, 'plainPath', false);
    return generateFromSpace(protectionSpace(params), seed, count, (item, random) => {
      const levels = plain || random.chance(0.75) ? 4 : 5;
      const leafLevel = plain ? 1 : random.pick([1, 1, 2, 3]);
      const layout = PathLayout.random(random, levels, randomCanonicalVa(random, levels, 'lower'));
      const key = random.int(0, 15);
      // Some level above the leaf takes US away for a page made supervisor from above.
      const supervisorLevel = item.owner === 'supervisor-above' ? random.int(leafLevel + 1, levels) : 0;
      const entries = layout.pathEntries(leafLevel, randomFrame(random, leafLevel), (level) => {
        const user = level === leafLevel ? item.owner !== 'supervisor-leaf' : level !== supervisorLevel;
        const common = PTE_P | (user ? PTE_US : 0n) | (plain || random.chance(0.5) ? PTE_A : 0n);
        if (level !== leafLevel) return common | PTE_RW;
        return common | (item.writable ? PTE_RW : 0n) | (plain || random.chance(0.5) ? PTE_D : 0n) | (random.chance(0.2) ? PTE_NX : 0n) | (BigInt(key) << PTE_PKEY_SHIFT);
      });
      const keyBits = (item.keyAccessDisabled ? 1 : 0) | (item.keyWriteDisabled ? 2 : 0);
      const otherKeys = random.uint32() & ~(3 << (2 * key));
      const control: Omit<WalkProbeControl, 'levels'> = {
        wp: item.wp,
        nxe: true,
        ...(item.features.includes('smep') ? { smep: true } : {}),
        ...(item.features.includes('smap') ? { smap: true } : {}),
        ...(item.features.includes('pke') ? { pke: true } : {}),
        pkru: ((otherKeys | (keyBits << (2 * key))) >>> 0),
      };
      return layout.probe(entries, item.access, control);
    });
  },
};
