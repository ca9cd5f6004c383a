import { COMPONENT_NAMES, componentMethods } from '../../reference/component-registry';
import { absentComponent, standIn } from './stand-ins';

describe.each(COMPONENT_NAMES)('the stand-ins of %s', (component) => {
  test('have every method of the interface, each throwing the message', () => {
    const message = `${component} does not compile: "quoted"\nsecond line`;
    const stub = standIn(component, message) as unknown as Record<string, () => unknown>;
    expect(Object.keys(stub)).toEqual(componentMethods(component));
    for (const method of componentMethods(component)) expect(() => stub[method]()).toThrow(new Error(message));
  });

  test('an absent one says it is not part of the assignment', () => {
    const stub = absentComponent(component) as unknown as Record<string, () => unknown>;
    for (const method of componentMethods(component)) expect(() => stub[method]()).toThrow(new Error(`${component} is not part of this assignment`));
  });
});
