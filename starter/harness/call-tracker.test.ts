import { Components } from '../../reference/components';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { CallTracker } from './call-tracker';
import { STATE_METHOD, STATE_SLOTS } from './isolated-protocol';

/**
 * What the tracker records while a method runs, read as the test thread
 * reads it when it stops a thread: the innermost method, by a label it was
 * told of first. Results stay the data they were.
 */
function tracked(components: Components): { readonly components: Components; readonly running: () => string | undefined } {
  const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const labels = new Map<number, string>();
  const wrapped = new CallTracker(state, (id, text) => labels.set(id, text)).track(components);
  return { components: wrapped, running: () => labels.get(Atomics.load(state, STATE_METHOD)) };
}

test("a component's method is recorded while it runs, the caller's again once an inner call returns, nothing after", () => {
  const seen: (string | undefined)[] = [];
  const running = () => seen.push(tracker.running());
  const tracker = tracked({
    ...REFERENCE_COMPONENTS,
    nestedWalker: {
      walk(_request, _hostMemory, guestWalker) {
        running();
        guestWalker.walk({} as never, () => null);
        running();
        return {} as never;
      },
    },
    walker: {
      walk() {
        running();
        return {} as never;
      },
    },
  });
  tracker.components.nestedWalker.walk({} as never, {} as never, tracker.components.walker);
  expect(seen).toEqual(['nestedWalker.walk', 'walker.walk', 'nestedWalker.walk']);
  expect(tracker.running()).toBeUndefined();
});

test('the TLB a component builds has its methods recorded; what they return is plain data still', () => {
  let during: string | undefined;
  const tracker = tracked({
    ...REFERENCE_COMPONENTS,
    tlb: {
      create(config) {
        const real = REFERENCE_COMPONENTS.tlb.create(config);
        return Object.assign(Object.create(real) as typeof real, {
          flushAll: () => {
            during = tracker.running();
            return real.flushAll();
          },
        });
      },
    },
  });
  const tlb = tracker.components.tlb.create({ entries: 16, ways: 4 } as never);
  tlb.flushAll();
  expect(during).toBe('tlb.create(…).flushAll');
  expect(tracker.running()).toBeUndefined();
  const entries = tlb.entries();
  expect(Array.isArray(entries)).toBe(true);
  // Data crosses to the test thread by structured clone, which a proxy would fail.
  expect(() => structuredClone(entries)).not.toThrow();
});
