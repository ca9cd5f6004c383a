import { ComponentName } from '../../reference/components';

/**
 * Where each component lives: the student's file in a handout (and in a
 * submission), what it exports, and the reference files that make up its
 * solution — which a student package must never contain while the component
 * is assessed. Paths are relative to the repository root, which is also the
 * handout root: a handout mirrors the repository's layout.
 */
export interface ComponentFiles {
  readonly studentFile: string;
  readonly exportName: string;
  /** The module and export of the reference solution. */
  readonly referenceModule: string;
  readonly referenceExport: string;
  readonly solutionFiles: readonly string[];
}

export const COMPONENT_FILES: Readonly<Record<ComponentName, ComponentFiles>> = {
  walker: {
    studentFile: 'starter/src/walker.ts',
    exportName: 'walker',
    referenceModule: 'reference/paging/reference-walker',
    referenceExport: 'referenceWalker',
    solutionFiles: ['reference/paging/reference-walker.ts', 'reference/paging/walk-tables.ts', 'reference/paging/x86-format.ts'],
  },
  shadowSync: {
    studentFile: 'starter/src/shadow-sync.ts',
    exportName: 'shadowSync',
    referenceModule: 'reference/hypervisor/shadow/reference-shadow-sync',
    referenceExport: 'referenceShadowSync',
    solutionFiles: ['reference/hypervisor/shadow/reference-shadow-sync.ts'],
  },
  hiddenFaultHandler: {
    studentFile: 'starter/src/hidden-fault-handler.ts',
    exportName: 'hiddenFaultHandler',
    referenceModule: 'reference/hypervisor/shadow/reference-hidden-fault-handler',
    referenceExport: 'referenceHiddenFaultHandler',
    solutionFiles: ['reference/hypervisor/shadow/reference-hidden-fault-handler.ts'],
  },
  nestedWalker: {
    studentFile: 'starter/src/nested-walker.ts',
    exportName: 'nestedWalker',
    referenceModule: 'reference/nested/reference-nested-walker',
    referenceExport: 'referenceNestedWalker',
    solutionFiles: [
      'reference/nested/reference-nested-walker.ts',
      'reference/nested/nested-format.ts',
      'reference/nested/nested-faults.ts',
      'reference/nested/nested-access.ts',
      'reference/paging/ept-format.ts',
    ],
  },
};
