import { ComponentName, Components } from './components';

/**
 * Where a component's reference solution lives: the module and export the
 * instructor's key, the provided components and the audit load, and every
 * file of the solution (the module's own file first), none of which a
 * student package may contain while the component is assessed. Paths are
 * relative to the repository root.
 */
export interface ReferenceSolution {
  readonly module: string;
  readonly exportName: string;
  readonly files: readonly string[];
}

/**
 * One student-replaceable component, declared once. Its interface type stays
 * in the component's own file and is named in `Components`; this is what the
 * rest of vmlab needs to know about it.
 *
 * There is no per-component import rule: a student file may import whatever
 * the handout ships (the type-check over the handout refuses anything else,
 * and the sandbox refuses Node's dangerous modules at run time).
 */
export interface ComponentDeclaration<Interface> {
  /** One line, for people: what students write. */
  readonly title: string;
  /** The student's file, relative to the handout root (a handout mirrors the repository's layout). */
  readonly studentFile: string;
  /** What the student's file exports: the implementation the machine runs. */
  readonly exportName: string;
  /**
   * Every method of the interface. The type makes the list exact: a method
   * missing here, or one the interface lacks, is a type error, and so is an
   * interface with a property that is not a method (no row can be written:
   * a stand-in could not stand for it). Stand-ins (absent or broken
   * components) are built from it.
   */
  readonly methods: { readonly [Method in keyof Interface]-?: Interface[Method] extends (...args: never[]) => unknown ? true : never };
  readonly solution: ReferenceSolution;
}

export type ComponentRegistry = { readonly [C in ComponentName]: ComponentDeclaration<Components[C]> };

/**
 * Every student-replaceable component. Adding one: its interface in its own
 * file and a field in `Components`, its reference solution, its student
 * stub, then a row here (assignments/README.md, "Adding a component").
 * The rows' order is the components' order everywhere (COMPONENT_NAMES).
 */
export const COMPONENT_REGISTRY = deepFreeze<ComponentRegistry>({
  walker: {
    title: 'the x86-64 page walker',
    studentFile: 'starter/src/walker.ts',
    exportName: 'walker',
    methods: { walk: true },
    solution: {
      module: 'reference/paging/reference-walker',
      exportName: 'referenceWalker',
      files: ['reference/paging/reference-walker.ts', 'reference/paging/walk-tables.ts', 'reference/paging/x86-format.ts'],
    },
  },
  shadowSync: {
    title: 'shadow sync: keeping the shadow tables coherent with the guest',
    studentFile: 'starter/src/shadow-sync.ts',
    exportName: 'shadowSync',
    methods: { pageTableWrite: true, frameOverwrite: true, invlpg: true, cr3Write: true },
    solution: {
      module: 'reference/hypervisor/shadow/reference-shadow-sync',
      exportName: 'referenceShadowSync',
      files: ['reference/hypervisor/shadow/reference-shadow-sync.ts'],
    },
  },
  hiddenFaultHandler: {
    title: 'the hidden-fault handler of shadow paging',
    studentFile: 'starter/src/hidden-fault-handler.ts',
    exportName: 'hiddenFaultHandler',
    methods: { handle: true },
    solution: {
      module: 'reference/hypervisor/shadow/reference-hidden-fault-handler',
      exportName: 'referenceHiddenFaultHandler',
      files: ['reference/hypervisor/shadow/reference-hidden-fault-handler.ts'],
    },
  },
  nestedWalker: {
    title: 'the two-dimensional walk under EPT or NPT',
    studentFile: 'starter/src/nested-walker.ts',
    exportName: 'nestedWalker',
    methods: { walk: true },
    solution: {
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
  },
  tlb: {
    title: 'the TLB: set-associative, LRU, tagged by VPID and PCID',
    studentFile: 'starter/src/tlb.ts',
    exportName: 'tlb',
    methods: { create: true },
    solution: {
      module: 'reference/tlb/reference-tlb',
      exportName: 'referenceTlb',
      files: ['reference/tlb/reference-tlb.ts', 'reference/tlb/tlb.ts', 'reference/tlb/tlb-permits.ts'],
    },
  },
});

/** Every component, in the registry's order. */
export const COMPONENT_NAMES: readonly ComponentName[] = Object.freeze(Object.keys(COMPONENT_REGISTRY) as ComponentName[]);

/** The methods of a component's interface, in the registry's order. */
export function componentMethods(component: ComponentName): readonly string[] {
  return Object.keys(COMPONENT_REGISTRY[component].methods);
}

/** Frozen all the way down: code loaded next to the registry (a submission's, in the sandbox) cannot change a row. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner as object);
  return Object.freeze(value);
}
