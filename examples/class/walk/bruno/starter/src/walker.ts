import { Walker } from '../../reference/paging/walker';

// index for a level: 9 bits, level 1 starts at bit 12
function getIndex(va: bigint, level: number): number {
  const shift = 12 + 9 * (level - 1);
  return Number((va >> BigInt(shift)) & 511n);
}

export const walker: Walker = {
  walk(request, readEntry) {
    const top = request.control.levels;
    const firstIndex = getIndex(request.va, top);
    const firstEntry = readEntry(request.root + BigInt(firstIndex) * 8n, top);
    console.log('top entry', firstEntry);

    // TODO: check P, then go down to the next table (loop?)
    // TODO: canonical check goes first
    throw new Error('not implemented: walker');
  },
};
