import { Gpa, Hpa } from '../addresses';
import { NestedWalkResult, TwoDReference } from '../nested/nested-types';
import { NestedTranslationCaches } from '../tlb/nested-translation-caches';
import { PagingStructureCache } from '../tlb/paging-structure-cache';
import { emptyStats } from './stats';
import { TwoDWalkCaches, twoDimensionalWalkReferences } from './walk-references';

const nestedRow = (row: number): TwoDReference[] =>
  [4, 3, 2, 1].map((level, column) => ({ dimension: 'nested', row, column, address: BigInt(0x1000 * (row + 1) + column * 8) as Hpa, level, entry: 0n }));
const guestRead = (row: number, level: number, gpa: bigint): TwoDReference => ({ dimension: 'guest', row, column: 4, address: 0x9000n as Hpa, gpa: gpa as Gpa, level, entry: 0n });

function caches(): TwoDWalkCaches {
  return { guest: new PagingStructureCache(8), vpid: 1, nested: new NestedTranslationCaches({ walkCache: 8, nestedTlb: 8 }), vm: 1, nestedPageShift: 12n };
}

describe('twoDimensionalWalkReferences', () => {
  it('with every cache off, counts every reference', () => {
    const off: TwoDWalkCaches = { ...caches(), guest: new PagingStructureCache(0), nested: new NestedTranslationCaches({ walkCache: 0, nestedTlb: 0 }) };
    const walk = { ok: false, fault: { kind: 'guest-fault', fault: { kind: 'not-present', level: 4 } }, references: [...nestedRow(0), guestRead(0, 4, 0x100000n)], guestAdWrites: [], nestedAdWrites: [] } as NestedWalkResult;
    expect(twoDimensionalWalkReferences(off, 0x400000n, walk, emptyStats().walkCacheHits)).toBe(5);
  });

  it('a row a component reports after a guest fault is counted as it is, not fed to the caches', () => {
    const walk = {
      ok: false,
      fault: { kind: 'guest-fault', fault: { kind: 'not-present', level: 4 } },
      references: [...nestedRow(0), guestRead(0, 4, 0x100000n), ...nestedRow(1)],
      guestAdWrites: [],
      nestedAdWrites: [],
    } as NestedWalkResult;
    const hits = emptyStats().walkCacheHits;
    // Row 0: a cold nested walk (4) and the guest read (1); row 1 has no gPA to look up: its 4 reads count.
    expect(twoDimensionalWalkReferences(caches(), 0x400000n, walk, hits)).toBe(4 + 1 + 4);
    expect(hits).toEqual({ guest: 0, nested: 0, nestedTlb: 0 });
  });
});
