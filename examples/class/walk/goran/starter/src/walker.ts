import { ENTRY_ADDRESS_MASK, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_PS, PTE_RW, PTE_US } from '../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkResult, Walker } from '../../reference/paging/walker';

const has = (entry: bigint, flag: bigint) => (entry & flag) !== 0n;

/** An entry, decoded once so the walk below only deals with named fields. */
interface Decoded {
  present: boolean;
  writable: boolean;
  user: boolean;
  noExecute: boolean;
  largePage: boolean;
  accessed: boolean;
  dirty: boolean;
  address: bigint;
  /** Bits 62..59: the protection key of a leaf. */
  protectionKey: number;
}

function decode(entry: bigint): Decoded {
  return {
    present: has(entry, PTE_P),
    writable: has(entry, PTE_RW),
    user: has(entry, PTE_US),
    noExecute: has(entry, PTE_NX),
    largePage: has(entry, PTE_PS),
    accessed: has(entry, PTE_A),
    dirty: has(entry, PTE_D),
    address: entry & ENTRY_ADDRESS_MASK,
    protectionKey: Number((entry >> 59n) & 0xfn),
  };
}

const levelShift = (level: number) => 12n + 9n * BigInt(level - 1);
const pageSizeAt = (level: number) => 1n << levelShift(level);

/** Reserved bits of a present entry (spec rule 3.2), as a reason, or '' when there are none. */
function reservedIn(entry: bigint, level: number, nxe: boolean): string {
  const problems = [
    has(entry, 0x3fn << 46n) && 'address bits 46..51',
    !nxe && has(entry, PTE_NX) && 'NX without EFER.NXE',
    level >= 4 && has(entry, PTE_PS) && 'PS above the PDPT',
    (level === 2 || level === 3) && has(entry, PTE_PS) && has(entry, (pageSizeAt(level) - 1n) & ~0x1fffn) && 'unaligned large page',
  ];
  return problems.find((problem) => typeof problem === 'string') || '';
}

export const walker: Walker = {
  walk({ root, va, access, control }, readEntry): GuestWalkResult {
    const steps: WalkStep[] = [];
    const adWrites: AdWrite[] = [];
    const levels = control.levels === 5 ? [5, 4, 3, 2, 1] : [4, 3, 2, 1];
    let table = root;
    let rights = RIGHT_READ | RIGHT_WRITE | RIGHT_USER | RIGHT_EXECUTE;

    for (const level of levels) {
      const index = Number((va >> levelShift(level)) & 511n);
      const entryAddress = table + 8n * BigInt(index);
      const raw = readEntry(entryAddress, level);
      if (raw === null) return { ok: false, fault: { kind: 'access-failed', level }, rights, steps, adWrites };
      steps.push({ level, index, entryAddress, entry: raw });

      const entry = decode(raw);
      if (!entry.present) return { ok: false, fault: { kind: 'not-present', level }, rights, steps, adWrites };
      const reason = reservedIn(raw, level, control.nxe);
      if (reason) return { ok: false, fault: { kind: 'reserved', level, reason }, rights, steps, adWrites };

      if (!entry.writable) rights &= ~RIGHT_WRITE;
      if (!entry.user) rights &= ~RIGHT_USER;
      if (control.nxe && entry.noExecute) rights &= ~RIGHT_EXECUTE;

      if (level !== 1 && !entry.largePage) {
        if (!entry.accessed) adWrites.push({ level, entryAddress, bits: PTE_A });
        table = entry.address;
        continue;
      }

      const userOk = !access.user || (rights & RIGHT_USER) !== 0;
      const writeOk = access.kind !== 'write' || (rights & RIGHT_WRITE) !== 0 || (!access.user && !control.wp);
      const fetchOk = access.kind !== 'fetch' || (rights & RIGHT_EXECUTE) !== 0;
      // Rule 5 guards user pages (US at every level).
      const userPage = (rights & RIGHT_USER) !== 0;
      const supervisorData = !access.user && access.kind !== 'fetch';
      const smepOk = !(control.smep && userPage && !access.user && access.kind === 'fetch');
      const smapOk = !(control.smap && userPage && supervisorData && (access.implicit || !access.ac));
      const pkru = control.pkru ?? 0;
      const accessDisabled = ((pkru >>> (2 * entry.protectionKey)) & 1) === 1;
      const writeDisabled = ((pkru >>> (2 * entry.protectionKey + 1)) & 1) === 1;
      const keyOk =
        !control.pke ||
        !userPage ||
        access.kind === 'fetch' ||
        !(accessDisabled || (access.kind === 'write' && writeDisabled && (access.user || control.wp)));
      if (!(userOk && writeOk && fetchOk && smepOk && smapOk && keyOk)) return { ok: false, fault: { kind: 'protection', level, rights }, rights, steps, adWrites };

      const marks = (entry.accessed ? 0n : PTE_A) | (access.kind === 'write' && !entry.dirty ? PTE_D : 0n);
      if (marks) adWrites.push({ level, entryAddress, bits: marks });

      const pageSize = pageSizeAt(level);
      const address = (entry.address & ~(pageSize - 1n)) | (va & (pageSize - 1n));
      return { ok: true, address, pageSize, leafLevel: level, rights, steps, adWrites };
    }
    throw new Error('unreachable');
  },
};
