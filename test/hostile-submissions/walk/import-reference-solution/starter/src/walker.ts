import { Walker } from '../../reference/paging/walker';
import { referenceWalker } from '../../reference/paging/reference-walker';

export const walker: Walker = referenceWalker;
