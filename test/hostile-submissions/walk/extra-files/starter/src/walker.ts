import { Walker } from '../../reference/paging/walker';
import { helperWalker } from './helper';

export const walker: Walker = helperWalker;
