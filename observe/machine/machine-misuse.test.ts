import { Components } from '../../reference/components';
import { Gpa, Gva } from '../../reference/addresses';
import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';
import { ShadowPage } from '../../reference/hypervisor/shadow/shadow-page-tables';
import { ShadowSync } from '../../reference/hypervisor/shadow/shadow-sync';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { ScenarioEvent } from '../../reference/scenario/types';
import { parseScenario } from '../../reference/scenario/validate';
import { sketchHiddenFaultHandler } from '../../assignments/shadow/test-support/sketch-shadow';
import { MachineProbe } from '../probe-types';
import { judgeMachine } from './machine-judge';
import { observeMachine } from './machine-probe';

/**
 * Shadow components that hand the machine something it cannot use: each run
 * stops at the event with the student's error in words (which component,
 * what it did), never a "vmlab internal error" or a JavaScript TypeError,
 * and the judge reports it as the case's first difference.
 */

const EVENTS: ScenarioEvent[] = [
  { op: 'spawn' },
  { op: 'mmap', va: '0x400000', pages: 2, prot: 'rw' },
  { op: 'write', va: '0x400010', value: 1 },
  { op: 'munmap', va: '0x400000', pages: 1 },
  { op: 'exit' },
];
const PROBE: MachineProbe = { kind: 'machine', snapshots: 'every-event', scenario: { machine: { mode: 'shadow' }, events: EVENTS } };
const expected = observeMachine(PROBE, REFERENCE_COMPONENTS, parseScenario);

const sync = REFERENCE_COMPONENTS.shadowSync;
const handler = REFERENCE_COMPONENTS.hiddenFaultHandler;
const withSync = (changes: Partial<ShadowSync>): Partial<Components> => ({ shadowSync: { ...sync, ...changes } });
const withHandler = (handle: HiddenFaultHandler['handle']): Partial<Components> => ({ hiddenFaultHandler: { handle } });

const MISUSES: ReadonlyArray<readonly [string, Partial<Components>, RegExp]> = [
  ['a leaf filled in the level-2 shadow page', { hiddenFaultHandler: sketchHiddenFaultHandler('leafAtTableLevel') }, /^your hiddenFaultHandler called shadow\.setLeaf on a level-2 shadow page: your shadow entry at level 2 maps a 4 KiB page where the guest maps a table/],
  ['an answer with no error code', withHandler(() => ({ kind: 'inject' }) as unknown as ReturnType<HiddenFaultHandler['handle']>), /^your hiddenFaultHandler returned \{"kind":"inject"\} from handle: it must return/],
  ['an answer that is no object', withHandler(() => undefined as unknown as ReturnType<HiddenFaultHandler['handle']>), /^your hiddenFaultHandler returned undefined from handle/],
  [
    'a leaf on a host frame outside host memory',
    withHandler((fault, context) => {
      const outcome = handler.handle(fault, context);
      const slot = context.shadow.leafSlot(fault.va);
      if (slot !== null) context.shadow.setLeaf(slot.page, slot.index, Number.MAX_SAFE_INTEGER, 0x8000000000000027n, false);
      return outcome;
    }),
    /^your hiddenFaultHandler called shadow\.setLeaf with host frame \d+, which is not a frame of host memory/,
  ],
  [
    'a freed shadow page used again',
    withHandler((fault, context) => {
      const outcome = handler.handle(fault, context);
      const slot = context.shadow.leafSlot(fault.va);
      const root = context.shadow.active!;
      for (const [index] of context.shadow.presentEntriesOf(root)) context.shadow.zap(root, index);
      if (slot !== null) context.shadow.zap(slot.page, slot.index);
      return outcome;
    }),
    /^your hiddenFaultHandler called shadow\.zap with a level-1 shadow page that was already freed/,
  ],
  ['an entry index past the table', withHandler((fault, context) => (context.shadow.zap(context.shadow.active!, 512), handler.handle(fault, context))), /^your hiddenFaultHandler called shadow\.zap with entry index 512/],
  ['the loaded root freed', withHandler((fault, context) => (context.shadow.freeRoot(context.shadow.active!), handler.handle(fault, context))), /^your hiddenFaultHandler called shadow\.freeRoot on the root loaded in the hardware's CR3/],
  ['no shadow root for a running process', withSync({ cr3Write: () => null }), /^your shadowSync returned null from cr3Write for guest CR3 0x[0-9a-f]+: the hardware would have no shadow root/],
  ['a level-1 page as the root', withSync({ cr3Write: (root, context) => (root === null ? null : context.shadow.pageFor(Number(root >> 12n), 1)) }), /^your shadowSync returned a shadow page that is not a root from cr3Write \(level 1/],
  ['something that is no shadow page as the root', withSync({ cr3Write: () => ({ level: 4 }) as unknown as ShadowPage }), /^your shadowSync returned \{"level":4\} from cr3Write: it must return a live shadow root/],
  [
    'a guest walk while no process runs',
    withSync({
      cr3Write: (root, context) => {
        if (root === null) context.walkGuest(0x400000n as Gva, { kind: 'read', user: true });
        return sync.cr3Write(root, context);
      },
    }),
    /^your shadowSync called walkGuest while the guest runs no process/,
  ],
  ['a trapped store emulated at an unaligned address', withSync({ pageTableWrite: (write, context) => context.guestMemory.writeEntry((write.address + 1n) as Gpa, write.value) }), /^your shadowSync called guestMemory\.writeEntry with address 0x[0-9a-f]+n: an entry's gPA is an 8-byte-aligned bigint/],
  ['invlpg given a number', withSync({ invlpg: (va, context) => context.tlb.invalidatePage(Number(va) as unknown as Gva) }), /^your shadowSync called tlb\.invalidatePage with \d+: it takes the guest-virtual address/],
];

describe.each(MISUSES)('%s', (_name, components, words) => {
  const got = observeMachine(PROBE, { ...REFERENCE_COMPONENTS, ...components }, parseScenario);

  it('stops the machine with what the component did, in words', () => {
    expect(got.stopped?.message).toMatch(words);
    expect(got.stopped?.message).not.toMatch(/internal error|TypeError|Cannot read/);
  });

  it('is judged as the case\'s first difference, under either check', () => {
    for (const check of ['invariant', 'policy'] as const) {
      const difference = judgeMachine(check, expected, got);
      expect(difference).toMatchObject({ field: 'the event', step: got.stopped?.event, got: expect.stringMatching(words.source.replace(/^\^/, 'it stopped: ')) });
    }
  });
});
