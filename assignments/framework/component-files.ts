import { ComponentName } from '../../reference/components';

/**
 * Where each component lives for students: its file in a handout (and in a
 * submission) and what that file exports. Paths are relative to the
 * repository root, which is also the handout root: a handout mirrors the
 * repository's layout. Where the reference solutions live is kept apart
 * (reference-solutions.ts), so the grader code a handout ships names none.
 */
export interface ComponentFiles {
  readonly studentFile: string;
  readonly exportName: string;
}

export const COMPONENT_FILES: Readonly<Record<ComponentName, ComponentFiles>> = {
  walker: { studentFile: 'starter/src/walker.ts', exportName: 'walker' },
  shadowSync: { studentFile: 'starter/src/shadow-sync.ts', exportName: 'shadowSync' },
  hiddenFaultHandler: { studentFile: 'starter/src/hidden-fault-handler.ts', exportName: 'hiddenFaultHandler' },
  nestedWalker: { studentFile: 'starter/src/nested-walker.ts', exportName: 'nestedWalker' },
  tlb: { studentFile: 'starter/src/tlb.ts', exportName: 'tlb' },
};
