import { ComponentName } from '../../reference/components';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';
import { importFromHarness } from './handout-wiring';

/**
 * For each assessed component, a generated file that only assigns the
 * student's export to the component's type. Its diagnostics say the student
 * file does not export what the machine needs; checking this in the wiring
 * module instead would mix every component's errors into one file.
 * Handout path of the check → component.
 */
export function conformanceChecks(components: readonly ComponentName[]): Map<string, { readonly component: ComponentName; readonly source: string }> {
  const checks = new Map<string, { readonly component: ComponentName; readonly source: string }>();
  for (const component of components) {
    const { studentFile, exportName } = COMPONENT_REGISTRY[component];
    checks.set(`starter/harness/vmlab-conforms-${component}.ts`, {
      component,
      source: `import { Components } from '${importFromHarness('reference/components.ts')}';
import { ${exportName} } from '${importFromHarness(studentFile)}';
export const conforms: Components['${component}'] = ${exportName};
`,
    });
  }
  return checks;
}
