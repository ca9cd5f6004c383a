import { PAGE_SIZE_NAMES, PageSizeName } from '../../../reference/scenario/types';
import { choiceParam } from '../../generators/generator-params';
import { shapedTlbGenerator } from './tlb-generator-kit';
import { GEOMETRIES, insidePage, pieceOf, shuffled } from './tlb-layout';
import { distinct } from './tlb-tag-generators';
import { Context, TlbScript } from './tlb-script';

const ROOMY = GEOMETRIES.filter((geometry) => geometry.ways >= 4 && geometry.entries / geometry.ways >= 2);

/** Three contexts around one: the same VPID under another PCID, another VPID under the same PCID, and a third PCID for a global entry. */
function contextsAround(script: TlbScript): { own: Context; otherPcid: Context; otherVpid: Context; globalOwner: Context } {
  const { random } = script;
  const [vpid, otherVpid] = distinct(random, 2, 0, 30);
  const [pcid, otherPcid, globalPcid] = distinct(random, 3, 0, 0xfff);
  return { own: { vpid, pcid }, otherPcid: { vpid, pcid: otherPcid }, otherVpid: { vpid: otherVpid, pcid }, globalOwner: { vpid, pcid: globalPcid } };
}

/**
 * invlpg of a page of each size, at any address inside it: the page's
 * entry in the current context goes, and a global entry of the page filled
 * by another PCID; the page's entries in other PCIDs and other VPIDs, and
 * the next page of the same set, stay. invlpg returns how many entries it
 * dropped (0 for an address nothing translates).
 */
export const invlpgGenerator = shapedTlbGenerator({
  name: 'tlb-invlpg',
  description: 'invlpg of 4 KiB, 2 MiB and 1 GiB pages at any address inside: the current context\'s entry and global ones go, other contexts\' stay',
  geometries: ROOMY,
  params: { names: ['sizes'], read: (params) => ({ sizes: choiceParam<PageSizeName>(params, 'sizes', PAGE_SIZE_NAMES) }) },
  shape(script, { sizes }) {
    const { random, layout } = script;
    const { own, otherPcid, otherVpid, globalOwner } = contextsAround(script);
    const size = random.pick(sizes);
    const set = random.int(0, layout.sets - 1);
    const page = layout.page(size, set, 0);
    const neighbour = layout.page(size, set, 1);
    const global = layout.page(size, random.int(0, layout.sets - 1), 0, 'kernel');
    for (const context of shuffled(random, [own, otherPcid, otherVpid])) script.fill(context, { page, size });
    script.fill(own, { page: neighbour, size });
    script.fill(globalOwner, { page: global, size, global: true, rights: 'rwx' });
    const lookAround = () => {
      for (const context of [own, otherPcid, otherVpid]) script.lookup(context, page, size);
      script.lookup(own, neighbour, size).lookup(globalOwner, global, size, { user: false });
    };
    script.invlpg(own, page, size);
    lookAround();
    script.invlpg(own, page, size);
    script.invlpg(own, global, size);
    lookAround();
    script.invlpg(own, layout.page(size, set, 5), size);
    script.invlpg(otherVpid, neighbour, size).invlpg(otherPcid, neighbour, size);
    script.lookup(own, neighbour, size);
  },
});

/**
 * A large guest page cached as 4 KiB pieces (the guest maps 2 MiB or 1 GiB,
 * the EPT 4 KiB): invlpg of any address in the large page, cached or not,
 * drops every piece of it in the current context (global pieces too), and
 * no piece of the next large page, nor of the page in another PCID or VPID,
 * nor a plain 4 KiB entry.
 */
export const piecesGenerator = shapedTlbGenerator({
  name: 'tlb-invlpg-pieces',
  description: 'invlpg anywhere in a large page cached as 4 KiB pieces drops every piece of it in the context, and nothing else',
  geometries: ROOMY,
  params: { names: ['mapped'], read: (params) => ({ mapped: choiceParam<'2M' | '1G'>(params, 'mapped', ['2M', '1G']) }) },
  shape(script, { mapped: choices }) {
    const { random, layout } = script;
    const { own, otherPcid, otherVpid, globalOwner } = contextsAround(script);
    const mapped = random.pick(choices);
    const large = layout.mappedPage(mapped, 0);
    const next = layout.mappedPage(mapped, 1);
    const pieces = (base: bigint, count: number) => [...new Set(Array.from({ length: count }, () => pieceOf(random, base, mapped)))];
    const ownPieces = pieces(large, random.int(2, 4));
    const nextPieces = pieces(next, 2);
    const plain = layout.page('4K', random.int(0, layout.sets - 1), 0);
    const fills: Array<[Context, bigint, boolean]> = [
      ...ownPieces.map((piece): [Context, bigint, boolean] => [own, piece, false]),
      ...nextPieces.map((piece): [Context, bigint, boolean] => [own, piece, false]),
      [otherPcid, ownPieces[0], false],
      [otherVpid, ownPieces[0], false],
      [globalOwner, pieceOf(random, large, mapped), true],
    ];
    for (const [context, piece, global] of shuffled(random, fills)) script.fill(context, { page: piece, mapped, global });
    script.fill(own, { page: plain });
    script.lookup(own, random.pick(ownPieces));
    script.invlpgAt(own, random.chance(0.5) ? insidePage(random, random.pick(ownPieces), '4K') : insidePage(random, large, mapped));
    // The global piece is looked up from the current context, which it serves while it is cached.
    for (const [context, piece, global] of fills) script.lookup(global ? own : context, piece);
    script.lookup(own, plain);
    script.invlpg(own, next, mapped);
    for (const piece of nextPieces) script.lookup(own, piece);
  },
});
