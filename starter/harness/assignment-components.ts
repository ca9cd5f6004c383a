import { Components } from '../../reference/components';
import { hiddenFaultHandler } from '../src/hidden-fault-handler';
import { nestedWalker } from '../src/nested-walker';
import { shadowSync } from '../src/shadow-sync';
import { walker } from '../src/walker';
import { tlb } from '../src/tlb';

/**
 * The components the public tests run. `vmlab handout` rewrites this file for
 * each assignment: your components where you write them, the provided
 * reference code for earlier ones. This version, for the repository, wires in
 * every starter file.
 */
export const COMPONENTS: Components = { walker, shadowSync, hiddenFaultHandler, nestedWalker, tlb };
