import { ComponentName, Components } from '../../reference/components';
import { componentMethods } from '../../reference/component-registry';

/**
 * What the wiring puts where a component cannot run: an object with every
 * method of the component's interface (from the registry), each of which
 * throws `message`. The registry's method list is exact by type, which is
 * what makes the object a `Components[C]`.
 */
export function standIn<C extends ComponentName>(component: C, message: string): Components[C] {
  const fail = (): never => {
    throw new Error(message);
  };
  return Object.fromEntries(componentMethods(component).map((method) => [method, fail])) as unknown as Components[C];
}

/** A component the assignment neither asks for nor provides: its tests never reach it, and if one did, it says so plainly. */
export function absentComponent<C extends ComponentName>(component: C): Components[C] {
  return standIn(component, `${component} is not part of this assignment`);
}
