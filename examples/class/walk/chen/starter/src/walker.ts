import * as bits from '../../reference/paging/constants';
import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, EntryReader, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkFault, GuestWalkRequest, GuestWalkResult, Walker } from '../../reference/paging/walker';

// Recursive walk: descend() handles one table and calls itself for the next
// one down, until it reaches a leaf (a PTE, or a PDE/PDPTE with PS).

interface Walk {
  readonly request: GuestWalkRequest;
  readonly read: EntryReader;
  readonly steps: WalkStep[];
  readonly adWrites: AdWrite[];
}

const TOO_HIGH = 0x000f_c000_0000_0000n; // bits 46-51, MAXPHYADDR is 46

function canonical(va: bigint, levels: number): boolean {
  const width = levels === 5 ? 57n : 48n;
  const upper = va >> (width - 1n); // the sign bit and everything above it
  return upper === 0n || upper === (1n << (65n - width)) - 1n;
}

function stop(walk: Walk, fault: GuestWalkFault): GuestWalkResult {
  return { ok: false, fault, rights: 0, steps: walk.steps, adWrites: walk.adWrites };
}

function reserved(entry: bigint, level: number, nxe: boolean): string | undefined {
  if (entry & TOO_HIGH) return 'bits above MAXPHYADDR';
  if (entry & bits.PTE_NX && !nxe) return 'NX bit but NXE is off';
  if (entry & bits.PTE_PS) {
    if (level >= 4) return 'PS not allowed here';
    // 2M: bits 13-20 must be 0, 1G: bits 13-29 (bit 12 is PAT)
    const lowBits = level === 3 ? 0x3fffe000n : level === 2 ? 0x1fe000n : 0n;
    if (entry & lowBits) return 'large page frame not aligned';
  }
  return undefined;
}

function rightsOf(entry: bigint, nxe: boolean): number {
  let r = RIGHT_READ;
  if (entry & bits.PTE_RW) r |= RIGHT_WRITE;
  if (entry & bits.PTE_US) r |= RIGHT_USER;
  if (!nxe || !(entry & bits.PTE_NX)) r |= RIGHT_EXECUTE;
  return r;
}

function leaf(walk: Walk, entry: bigint, entryAddress: bigint, level: number): GuestWalkResult {
  const { va, access, control } = walk.request;
  const rights = rightsOf(entry, control.nxe);
  let allowed = true;
  if (access.user && !(rights & RIGHT_USER)) allowed = false;
  if (access.kind === 'write' && !(rights & RIGHT_WRITE) && (access.user || control.wp)) allowed = false;
  if (access.kind === 'fetch' && !(rights & RIGHT_EXECUTE)) allowed = false;
  // Rule 5, on a user page: SMEP, SMAP, then the key in bits 62..59 against PKRU.
  if (rights & RIGHT_USER) {
    if (!access.user && access.kind === 'fetch' && control.smep) allowed = false;
    if (!access.user && access.kind !== 'fetch' && control.smap && (access.implicit || !access.ac)) allowed = false;
    if (control.pke && access.kind !== 'fetch') {
      const key = Number((entry >> 59n) & 0xfn);
      const pkru = control.pkru ?? 0;
      if (pkru & (1 << (2 * key))) allowed = false;
      if (access.kind === 'write' && pkru & (2 << (2 * key)) && (access.user || control.wp)) allowed = false;
    }
  }
  if (!allowed) return stop(walk, { kind: 'protection', level, rights });

  let set = 0n;
  if (!(entry & bits.PTE_A)) set |= bits.PTE_A;
  if (access.kind === 'write' && !(entry & bits.PTE_D)) set |= bits.PTE_D;
  if (set) walk.adWrites.push({ level, entryAddress, bits: set });

  const size = 1n << BigInt(3 + 9 * level);
  const base = entry & bits.ENTRY_ADDRESS_MASK & ~(size - 1n);
  return { ok: true, address: base + (va % size), pageSize: size, leafLevel: level, rights, steps: walk.steps, adWrites: walk.adWrites };
}

function descend(walk: Walk, table: bigint, level: number): GuestWalkResult {
  const index = Number((walk.request.va >> BigInt(3 + 9 * level)) & 0x1ffn);
  const entryAddress = table + BigInt(index * 8);
  const entry = walk.read(entryAddress, level);
  if (entry === null) return stop(walk, { kind: 'access-failed', level });
  walk.steps.push({ level, index, entryAddress, entry });

  if (!(entry & bits.PTE_P)) return stop(walk, { kind: 'not-present', level });
  const why = reserved(entry, level, walk.request.control.nxe);
  if (why) return stop(walk, { kind: 'reserved', level, reason: why });

  if (level === 1 || entry & bits.PTE_PS) return leaf(walk, entry, entryAddress, level);
  if (!(entry & bits.PTE_A)) walk.adWrites.push({ level, entryAddress, bits: bits.PTE_A });
  return descend(walk, entry & bits.ENTRY_ADDRESS_MASK, level - 1);
}

export const walker: Walker = {
  walk(request, readEntry) {
    const walk: Walk = { request, read: readEntry, steps: [], adWrites: [] };
    if (!canonical(request.va, request.control.levels)) return stop(walk, { kind: 'non-canonical' });
    return descend(walk, request.root, request.control.levels);
  },
};
