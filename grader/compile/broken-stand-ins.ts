import { Components, ComponentName } from '../../reference/components';
import { ComponentStandIn, componentConstant } from '../handout/handout-wiring';

/** Every method of every component; the type makes the list complete (a new method is a type error until it is added). */
const COMPONENT_METHODS: { readonly [C in ComponentName]: Readonly<Record<keyof Components[C], true>> } = {
  walker: { walk: true },
  shadowSync: { pageTableWrite: true, invlpg: true, cr3Write: true },
  hiddenFaultHandler: { handle: true },
  nestedWalker: { walk: true },
  tlb: { create: true },
};

/** Handout path of the generated module holding the stand-ins; the wiring imports it from the same folder. */
export const BROKEN_COMPONENTS_FILE = 'starter/harness/broken-components.ts';

/**
 * The source of a module exporting, for each broken component, an object
 * whose every method throws `message`, and where the wiring finds each one.
 * The student's file is never loaded, so its errors cannot reach the others.
 */
export function brokenStandIns(messages: ReadonlyMap<ComponentName, string>): { readonly source: string; readonly standIns: Map<ComponentName, ComponentStandIn> } {
  const standIns = new Map<ComponentName, ComponentStandIn>();
  const lines = [
    '// Written by the vmlab grader: stand-ins for the components of this submission that do not compile or are missing.',
    'function broken(message: string): never {',
    '  throw new Error(message);',
    '}',
  ];
  for (const [component, message] of messages) {
    const exportName = componentConstant('BROKEN', component);
    const methods = Object.keys(COMPONENT_METHODS[component]).map((method) => `  ${method}: () => broken(${JSON.stringify(message)}),`);
    lines.push(`export const ${exportName} = {`, ...methods, '};');
    standIns.set(component, { module: './broken-components', exportName });
  }
  return { source: lines.join('\n') + '\n', standIns };
}
