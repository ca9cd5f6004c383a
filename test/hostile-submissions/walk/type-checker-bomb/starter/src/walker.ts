import { Walker } from '../../reference/paging/walker';

// A union that doubles at every level: 2^17 object types to build and compare.
type Grow<T, N extends unknown[]> = N extends [unknown, ...infer R] ? Grow<{ l: T }, R> | Grow<{ r: T }, R> : T;
type Tree = Grow<0, [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]>;
declare const left: Tree;
declare const right: Grow<1, [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]>;
export const both = [left, right];
export const same: Tree = right;

export const walker: Walker = {
  walk(_request, _readEntry) {
    throw new Error('not implemented: walker');
  },
};
