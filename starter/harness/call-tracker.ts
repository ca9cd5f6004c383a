import { ComponentName, Components } from '../../reference/components';
import { COMPONENT_NAMES, componentMethods } from '../../reference/component-registry';
import { STATE_METHOD } from './isolated-protocol';

/**
 * The component methods that return an object the machine then calls: the
 * TLB's factory (TlbComponent.create → TranslationCache). Nothing else a
 * method returns is wrapped: results are data, sent back to the test as
 * they are (a proxy could not be).
 */
const FACTORIES: ReadonlySet<string> = new Set(['tlb.create']);

/**
 * Wraps every component so the running thread always says, in memory the
 * test thread can read while this one is busy, which method is running:
 * `walker.walk`, or for an object a method returned (the TLB `tlb.create`
 * builds) `tlb.create(…).lookup`. The innermost call wins, so a walker
 * looping inside the TLB's fill shows as the walker.
 */
export class CallTracker {
  private readonly ids = new Map<string, number>();

  /** `announce` tells the test thread a new label's id before it is first stored. */
  constructor(
    private readonly state: Int32Array,
    private readonly announce: (id: number, text: string) => void,
  ) {}

  track(components: Components): Components {
    const tracked: Partial<Record<ComponentName, unknown>> = {};
    for (const name of COMPONENT_NAMES) tracked[name] = this.wrapObject(components[name], componentMethods(name), name);
    return tracked as Components;
  }

  private wrapObject(target: object, methods: readonly string[], prefix: string): object {
    const wrapped: Record<string, unknown> = {};
    for (const method of methods) {
      const original: unknown = (target as Record<string, unknown>)[method];
      wrapped[method] = typeof original === 'function' ? this.wrapMethod(target, original as (...args: unknown[]) => unknown, `${prefix}.${method}`) : original;
    }
    return wrapped;
  }

  private wrapMethod(target: object, method: (...args: unknown[]) => unknown, label: string): (...args: unknown[]) => unknown {
    const id = this.labelId(label);
    return (...args: unknown[]) => {
      const outer = Atomics.exchange(this.state, STATE_METHOD, id);
      try {
        const result = method.apply(target, args);
        return FACTORIES.has(label) && typeof result === 'object' && result !== null ? this.trackReturned(result, `${label}(…)`) : result;
      } finally {
        Atomics.store(this.state, STATE_METHOD, outer);
      }
    };
  }

  /** An object a method returned, seen through a proxy that tracks its methods and leaves everything else as it is. */
  private trackReturned(target: object, prefix: string): object {
    const wrappers = new Map<PropertyKey, unknown>();
    return new Proxy(target, {
      get: (object, property) => {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor' || isFixed(object, property)) return value;
        if (!wrappers.has(property)) wrappers.set(property, this.wrapMethod(object, value as (...args: unknown[]) => unknown, `${prefix}.${property}`));
        return wrappers.get(property);
      },
    });
  }

  private labelId(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(label, id);
      this.announce(id, label);
    }
    return id;
  }
}

/** A frozen own property, which a proxy must return as it is. */
function isFixed(object: object, property: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, property);
  return descriptor !== undefined && descriptor.configurable === false && descriptor.writable === false;
}
