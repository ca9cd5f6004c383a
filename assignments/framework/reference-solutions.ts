import { ComponentName } from '../../reference/components';

/**
 * Where each component's reference solution lives: the module and export the
 * instructor's key and provided components use, and every file of the
 * solution, which a student package must never contain while the component
 * is assessed. Paths are relative to the repository root.
 */
export interface ReferenceSolution {
  readonly module: string;
  readonly exportName: string;
  readonly files: readonly string[];
}

export const REFERENCE_SOLUTIONS: Readonly<Record<ComponentName, ReferenceSolution>> = {
  walker: {
    module: 'reference/paging/reference-walker',
    exportName: 'referenceWalker',
    files: ['reference/paging/reference-walker.ts', 'reference/paging/walk-tables.ts', 'reference/paging/x86-format.ts'],
  },
  shadowSync: {
    module: 'reference/hypervisor/shadow/reference-shadow-sync',
    exportName: 'referenceShadowSync',
    files: ['reference/hypervisor/shadow/reference-shadow-sync.ts'],
  },
  hiddenFaultHandler: {
    module: 'reference/hypervisor/shadow/reference-hidden-fault-handler',
    exportName: 'referenceHiddenFaultHandler',
    files: ['reference/hypervisor/shadow/reference-hidden-fault-handler.ts'],
  },
  nestedWalker: {
    module: 'reference/nested/reference-nested-walker',
    exportName: 'referenceNestedWalker',
    files: [
      'reference/nested/reference-nested-walker.ts',
      'reference/nested/nested-format.ts',
      'reference/nested/nested-faults.ts',
      'reference/nested/nested-access.ts',
      'reference/paging/ept-format.ts',
    ],
  },
  tlb: { module: 'reference/tlb/reference-tlb', exportName: 'referenceTlb', files: ['reference/tlb/reference-tlb.ts', 'reference/tlb/tlb.ts', 'reference/tlb/tlb-permits.ts'] },
};
