import { frameNumber } from '../../addresses';
import { Components } from '../../components';
import { Machine } from '../../machine/machine';
import { REFERENCE_COMPONENTS } from '../../reference-components';
import { DEFAULT_MACHINE, ResolvedEvent } from '../../scenario/types';
import { ShadowSync } from './shadow-sync';
import { ShadowVm } from './shadow-vm';

/**
 * The shadow substrate's mechanics, seen through a sync that records what
 * reaches it: only protected frames trap, a whole-frame overwrite of a
 * protected frame is announced first, CR3 holds the root cr3Write returns,
 * and roots live until the components free them.
 */

const SPAWN_AND_TOUCH: ResolvedEvent[] = [
  { op: 'spawn', vm: 1, pid: 1, index: 0 },
  { op: 'mmap', vm: 1, pid: 1, index: 1, va: 0x400000n, pages: 2, prot: 'rw' },
  { op: 'write', vm: 1, pid: 1, index: 2, va: 0x400000n, value: 1 },
];

function recordingMachine(overrides: Partial<ShadowSync> = {}) {
  const calls: string[] = [];
  const reference = REFERENCE_COMPONENTS.shadowSync;
  const shadowSync: ShadowSync = {
    pageTableWrite(write, context) {
      calls.push(`store ${write.address.toString(16)}`);
      (overrides.pageTableWrite ?? reference.pageTableWrite)(write, context);
    },
    frameOverwrite(guestFrame, context) {
      calls.push(`overwrite ${guestFrame.toString(16)}`);
      (overrides.frameOverwrite ?? reference.frameOverwrite)(guestFrame, context);
    },
    invlpg: (va, context) => (overrides.invlpg ?? reference.invlpg)(va, context),
    cr3Write: (root, context) => (overrides.cr3Write ?? reference.cr3Write)(root, context),
  };
  const components: Components = { ...REFERENCE_COMPONENTS, shadowSync };
  const machine = new Machine({ ...DEFAULT_MACHINE, mode: 'shadow' }, components);
  const run = (events: ResolvedEvent[]) => events.forEach((event) => machine.run(event));
  const vm = () => machine.vmParts(1)!.hardware as ShadowVm;
  return { calls, run, vm };
}

it('traps the stores to protected frames only, and announces the overwrite of a protected frame', () => {
  const { calls, run, vm } = recordingMachine();
  run(SPAWN_AND_TOUCH);
  // Only the root was protected (by cr3Write) when the kernel built the path: one trapped store, into the root.
  expect(calls).toEqual(['store 100000']);
  const { protectedFrames, shadow } = vm().state;
  expect([...protectedFrames].sort((a, b) => a - b)).toEqual([0x100, 0x102, 0x103, 0x104]);
  expect(shadow.pageCount).toBe(4);

  calls.length = 0;
  const pt = 0x104;
  vm().zeroFrame(pt);
  expect(calls).toEqual(['overwrite 104']);
  expect(vm().state.protectedFrames.has(pt)).toBe(false);
  expect(vm().state.shadow.shadowsOf(pt)).toEqual([]);
});

it('keeps a root until the components free it, and refuses to free the loaded one or load a non-root', () => {
  const kept: Array<ReturnType<ShadowVm['state']['shadow']['roots']>[number]> = [];
  const { run, vm } = recordingMachine({
    // Never frees anything: the roots stay.
    cr3Write(root, context) {
      if (root === null) return null;
      const next = context.shadow.pageFor(frameNumber(root), context.shadow.rootLevel);
      context.writeProtection.protect(frameNumber(root));
      kept.push(next);
      return next;
    },
    pageTableWrite(write, context) {
      context.guestMemory.writeEntry(write.address, write.value);
      for (const page of [...context.shadow.shadowsOf(frameNumber(write.address))]) context.shadow.zap(page, Number((write.address & 0xfffn) >> 3n));
      context.tlb.flushAll();
    },
  });
  run([...SPAWN_AND_TOUCH, { op: 'exit', vm: 1, pid: 1, index: 3 }]);
  const { shadow } = vm().state;
  expect(shadow.roots()).toEqual([kept[0]]);
  expect(shadow.presentEntriesOf(kept[0])).toEqual([]);
  shadow.freeRoot(kept[0]);
  expect(shadow.roots()).toEqual([]);
  expect(shadow.pageCount).toBe(0);
  // Every table's last shadow page is gone: none derives from them any more (the sync never released them).
  expect(shadow.takeUnshadowed().sort((a, b) => a - b)).toEqual([0x100, 0x102, 0x103, 0x104]);
  expect(shadow.takeUnshadowed()).toEqual([]);
  expect([...vm().state.protectedFrames].sort((a, b) => a - b)).toEqual([0x100, 0x102, 0x103, 0x104]);
});

it('refuses what the mechanics cannot do, with the reason', () => {
  const { run, vm } = recordingMachine();
  run(SPAWN_AND_TOUCH);
  const { shadow } = vm().state;
  const root = shadow.active!;
  const table = shadow.allPages().find((page) => page.level === 3)!;
  // The components' mistakes, in their words (ShadowVm names the component that made them: machine-misuse.test.ts).
  expect(() => shadow.freeRoot(root)).toThrow("called shadow.freeRoot on the root loaded in the hardware's CR3");
  expect(() => shadow.freeRoot(table)).toThrow('called shadow.freeRoot on a level-3 shadow page, which is not a root');
  expect(() => shadow.loadRoot(table)).toThrow(/returned a shadow page that is not a root from cr3Write \(level 3, shadowing guest frame 0x102000\)/);
  expect(() => shadow.setUnsync(table, true)).toThrow('called shadow.setUnsync on a level-3 shadow page: only a level-1 shadow page of a guest table can be out of sync');
  const leaves = shadow.allPages().find((page) => page.level === 1)!;
  shadow.setUnsync(leaves, true);
  expect(leaves.unsync).toBe(true);
});
