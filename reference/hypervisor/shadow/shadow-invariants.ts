import { frameAddress, frameNumber, gpa } from '../../addresses';
import { ENTRY_ADDRESS_MASK, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../paging/constants';
import { ShadowState } from './shadow-vm';

/** One way a shadow entry disagrees with the guest's tables. */
export interface ShadowViolation {
  readonly guestFrame: number;
  readonly level: number;
  readonly index: number;
  readonly problem: string;
}

/**
 * The invariants any correct shadow-paging design keeps, whatever its sync
 * policy: every present shadow entry is derived from a present guest entry of
 * the table it shadows, at the same index; it points to the shadow of the
 * guest's next table or, at the leaf, to the host frame backing the guest's
 * frame; and it is never more permissive than the guest entry (RW, US, NX),
 * writable only when the guest PTE is dirty. Shadow tables of guest large
 * pages ("direct" pages) map the consecutive host frames of the guest page.
 */
export function checkShadowInvariants(state: ShadowState): ShadowViolation[] {
  const violations: ShadowViolation[] = [];
  const { shadow, memoryMap } = state;

  for (const page of shadow.allPages()) {
    const report = (index: number, problem: string) => violations.push({ guestFrame: page.guestFrame, level: page.level, index, problem });
    if (page.parents.length === 0 && !(page.level === shadow.rootLevel && !page.direct)) report(-1, 'a non-root shadow page no entry points to');

    for (let index = 0; index < 512; index++) {
      const entry = shadow.readEntry(page, index);
      if ((entry & PTE_P) === 0n) continue;
      const target = frameNumber(entry & ENTRY_ADDRESS_MASK);
      const child = page.children.get(index);

      if (page.direct) {
        const expected = memoryMap.hostFrameOf(page.guestFrame + index * 512 ** (page.level - 1));
        if (page.level === 1 && target !== expected) report(index, `direct leaf maps host frame ${target}, the guest frame is backed by ${expected}`);
        continue;
      }

      const guestEntry = memoryMap.readEntry(gpa(frameAddress(page.guestFrame) + BigInt(index * 8)));
      if ((guestEntry & PTE_P) === 0n) {
        report(index, 'stale: the guest entry is not present');
        continue;
      }
      if ((entry & PTE_RW) !== 0n && (guestEntry & PTE_RW) === 0n) report(index, 'writable while the guest entry is read-only');
      if ((entry & PTE_US) !== 0n && (guestEntry & PTE_US) === 0n) report(index, 'user-accessible while the guest entry is supervisor-only');
      if ((entry & PTE_NX) === 0n && (guestEntry & PTE_NX) !== 0n) report(index, 'executable while the guest entry is NX');
      const guestTarget = frameNumber(guestEntry & ENTRY_ADDRESS_MASK);

      if (page.level === 1) {
        const expected = memoryMap.hostFrameOf(guestTarget);
        if (target !== expected) report(index, `maps host frame ${target}, guest frame ${guestTarget} is backed by ${expected}`);
        if ((entry & PTE_RW) !== 0n && (guestEntry & PTE_D) === 0n) report(index, 'writable while the guest PTE is clean (D = 0)');
      } else if (child === undefined) {
        report(index, 'a present non-leaf shadow entry without a child shadow page');
      } else if (child.hostFrame !== target) {
        report(index, 'points to a host frame other than its child shadow page');
      } else if ((guestEntry & PTE_PS) !== 0n ? !child.direct : child.direct || child.guestFrame !== guestTarget) {
        report(index, `child shadows guest frame ${child.guestFrame}, the guest entry points to ${guestTarget}`);
      }
    }
  }
  return violations;
}
