import { gva, hex } from '../addresses';
import { PFERR_ID, PFERR_P, PFERR_PK, PFERR_U, PFERR_W, PTE_A, PTE_D, PTE_NX, PTE_P, PTE_RW, PTE_US } from './constants';
import { walkFaultErrorCode } from './page-fault';
import { referenceWalker } from './reference-walker';
import { Access, AccessKind } from './rights';
import { FRAME_4K, OPEN, PD_BASE, PDPT_BASE, PML4_BASE, PT_BASE, PageTableFixture, pte } from './test-support/page-table-fixture';
import { PagingControl } from './walker';

/**
 * SMEP, SMAP and protection keys, from the SDM's text (vol. 3, 4.6.1
 * "Determination of Access Rights", 4.6.2 "Protection Keys", 4.7 "Page-Fault
 * Exceptions"), in the style of kvm-unit-tests `x86/access.c`:
 *
 * - a *user-mode address* has U/S = 1 in every paging-structure entry used to
 *   translate it; any other is a supervisor-mode address;
 * - SMEP: with CR4.SMEP = 1, "instructions may not be fetched from any
 *   user-mode address" by a supervisor-mode access;
 * - SMAP: with CR4.SMAP = 1, supervisor-mode data reads and writes of
 *   user-mode addresses are refused "if EFLAGS.AC = 0 or the access is
 *   implicit"; with AC = 1 an explicit access is treated as without SMAP;
 * - protection keys: with CR4.PKE = 1, the key of a user-mode address is
 *   bits 62:59 of the entry that maps the page; PKRU bit 2i is AD (no data
 *   access with key i), bit 2i + 1 is WD (no write "if CR0.WP = 1 or the access
 *   is a user-mode access"); fetches are not checked; supervisor-mode data
 *   accesses to user-mode addresses are checked too;
 * - #PF error code: I/D on a fetch when EFER.NXE = 1 or CR4.SMEP = 1; PK when
 *   the access was a data access to a user-mode address whose key PKRU
 *   disallows, whatever else the access lacked.
 *
 * The expectations below are written from those sentences, not from the
 * walker; the literal vectors give their error codes worked out by hand.
 */

const VA = 0x0000_7f12_3456_7abcn;
const PTE_ADDRESS = 0x4b38n; // the worked vector's PTE: PT 0x4000, index 359
const KEY_SHIFT = 59n;
const withKey = (key: number) => BigInt(key) << KEY_SHIFT;
/** PKRU with AD (bit 2k) and/or WD (bit 2k + 1) of key k. */
const pkru = (key: number, ad: boolean, wd: boolean) => (ad ? 1 << (2 * key) : 0) | (wd ? 1 << (2 * key + 1) : 0);

interface Outcome {
  /** 'ok', or the fault kind at its level. */
  readonly result: string;
  readonly errorCode: number | null;
  /** The leaf's A/D write, as bits in hex ('' when none). */
  readonly leafWrite: string;
}

function walk(leaf: bigint, access: Access, control: PagingControl, pdeFlags: bigint = OPEN | PTE_A): Outcome {
  const tables = new PageTableFixture();
  tables.map(VA, { pml4e: pte(PDPT_BASE, OPEN | PTE_A), pdpte: pte(PD_BASE, OPEN | PTE_A), pde: pte(PT_BASE, pdeFlags), pte: pte(FRAME_4K, leaf) });
  const result = referenceWalker.walk({ root: PML4_BASE, va: gva(VA), access, control }, tables.readEntry);
  const leafWrite = result.adWrites
    .filter((write) => write.entryAddress === PTE_ADDRESS)
    .map((write) => hex(write.bits))
    .join(',');
  if (result.ok) return { result: 'ok', errorCode: null, leafWrite };
  const fault = result.fault;
  if (fault.kind === 'non-canonical' || fault.kind === 'access-failed') throw new Error(`unexpected ${fault.kind}`);
  return { result: `${fault.kind}@${fault.level}`, errorCode: walkFaultErrorCode(fault, access, control, result.steps), leafWrite };
}

const BASE: PagingControl = { wp: true, nxe: true, levels: 4 };
const USER_PAGE = OPEN | PTE_A | PTE_D;
const SUPERVISOR_PAGE = PTE_P | PTE_RW | PTE_A | PTE_D;
const access = (kind: AccessKind, user: boolean, extra: Partial<Access> = {}): Access => ({ kind, user, ...extra });

describe('hand-worked vectors', () => {
  it.each<{ name: string; leaf: bigint; access: Access; control: PagingControl; result: string; errorCode?: number; pdeFlags?: bigint }>([
    // SMEP
    { name: 'SMEP: a supervisor fetch from a user page faults, I/D set (0x11)', leaf: USER_PAGE, access: access('fetch', false), control: { ...BASE, smep: true }, result: 'protection@1', errorCode: PFERR_P | PFERR_ID },
    { name: 'SMEP with EFER.NXE clear still reports I/D (0x11)', leaf: USER_PAGE, access: access('fetch', false), control: { ...BASE, nxe: false, smep: true }, result: 'protection@1', errorCode: PFERR_P | PFERR_ID },
    { name: 'SMEP: a supervisor fetch from a supervisor page is allowed', leaf: SUPERVISOR_PAGE, access: access('fetch', false), control: { ...BASE, smep: true }, result: 'ok' },
    { name: 'SMEP: a user fetch from a user page is allowed', leaf: USER_PAGE, access: access('fetch', true), control: { ...BASE, smep: true }, result: 'ok' },
    { name: 'SMEP: a supervisor read of a user page is allowed', leaf: USER_PAGE, access: access('read', false), control: { ...BASE, smep: true }, result: 'ok' },
    // US clear in the PDE makes the page a supervisor page though the PTE has US.
    { name: 'SMEP: US clear above the leaf makes a supervisor page, the fetch is allowed', leaf: USER_PAGE, access: access('fetch', false), control: { ...BASE, smep: true }, result: 'ok', pdeFlags: PTE_P | PTE_RW | PTE_A },
    { name: 'no SMEP: a supervisor fetch from a user page is allowed', leaf: USER_PAGE, access: access('fetch', false), control: BASE, result: 'ok' },
    // SMAP
    { name: 'SMAP: a supervisor read of a user page with AC=0 faults (0x1)', leaf: USER_PAGE, access: access('read', false), control: { ...BASE, smap: true }, result: 'protection@1', errorCode: PFERR_P },
    { name: 'SMAP: a supervisor write to a user page with AC=0 faults (0x3)', leaf: USER_PAGE, access: access('write', false), control: { ...BASE, smap: true }, result: 'protection@1', errorCode: PFERR_P | PFERR_W },
    { name: 'SMAP: an explicit supervisor read with AC=1 is allowed', leaf: USER_PAGE, access: access('read', false, { ac: true }), control: { ...BASE, smap: true }, result: 'ok' },
    { name: 'SMAP: an implicit supervisor read faults whatever AC says (0x1)', leaf: USER_PAGE, access: access('read', false, { ac: true, implicit: true }), control: { ...BASE, smap: true }, result: 'protection@1', errorCode: PFERR_P },
    { name: 'SMAP: a supervisor fetch of a user page is not SMAP’s business', leaf: USER_PAGE, access: access('fetch', false), control: { ...BASE, smap: true }, result: 'ok' },
    { name: 'SMAP: a user read of a user page is allowed', leaf: USER_PAGE, access: access('read', true), control: { ...BASE, smap: true }, result: 'ok' },
    { name: 'SMAP: a supervisor read of a supervisor page is allowed', leaf: SUPERVISOR_PAGE, access: access('read', false), control: { ...BASE, smap: true }, result: 'ok' },
    // WP=0 lets a supervisor write a read-only user page; SMAP still refuses it with AC=0.
    { name: 'SMAP with WP=0: a supervisor write to a read-only user page faults with AC=0 (0x3)', leaf: PTE_P | PTE_US | PTE_A, access: access('write', false), control: { ...BASE, wp: false, smap: true }, result: 'protection@1', errorCode: PFERR_P | PFERR_W },
    { name: 'SMAP with WP=0: ... and is allowed with AC=1', leaf: PTE_P | PTE_US | PTE_A, access: access('write', false, { ac: true }), control: { ...BASE, wp: false, smap: true }, result: 'ok' },
    { name: 'no SMAP: AC and implicit change nothing', leaf: USER_PAGE, access: access('write', false, { implicit: true }), control: BASE, result: 'ok' },
    // Protection keys: key 5 has AD at bit 10 (0x400), WD at bit 11 (0x800).
    { name: 'PK: a user read with AD of the page’s key faults, PK set (0x25)', leaf: USER_PAGE | withKey(5), access: access('read', true), control: { ...BASE, pke: true, pkru: 0x400 }, result: 'protection@1', errorCode: PFERR_P | PFERR_U | PFERR_PK },
    { name: 'PK: a user write with WD faults (0x27)', leaf: USER_PAGE | withKey(5), access: access('write', true), control: { ...BASE, pke: true, pkru: 0x800 }, result: 'protection@1', errorCode: PFERR_P | PFERR_W | PFERR_U | PFERR_PK },
    { name: 'PK: a user read with WD is allowed', leaf: USER_PAGE | withKey(5), access: access('read', true), control: { ...BASE, pke: true, pkru: 0x800 }, result: 'ok' },
    { name: 'PK: a user fetch with AD is allowed (fetches are not checked)', leaf: USER_PAGE | withKey(5), access: access('fetch', true), control: { ...BASE, pke: true, pkru: 0xc00 }, result: 'ok' },
    { name: 'PK: another key’s AD and WD do not apply (key 5, PKRU of key 4 and 6)', leaf: USER_PAGE | withKey(5), access: access('write', true), control: { ...BASE, pke: true, pkru: 0x3300 }, result: 'ok' },
    { name: 'PK: key 0 is a key like the others (AD of key 0 is bit 0)', leaf: USER_PAGE, access: access('read', true), control: { ...BASE, pke: true, pkru: 0x1 }, result: 'protection@1', errorCode: PFERR_P | PFERR_U | PFERR_PK },
    { name: 'PK: key 15 sits under NX (bits 62:59), AD at bit 30', leaf: USER_PAGE | withKey(15) | PTE_NX, access: access('read', true), control: { ...BASE, pke: true, pkru: 0x4000_0000 }, result: 'protection@1', errorCode: PFERR_P | PFERR_U | PFERR_PK },
    { name: 'PK: WD of key 15 is bit 31 (PKRU read as unsigned)', leaf: USER_PAGE | withKey(15), access: access('write', true), control: { ...BASE, pke: true, pkru: 0x8000_0000 }, result: 'protection@1', errorCode: PFERR_P | PFERR_W | PFERR_U | PFERR_PK },
    { name: 'PK: a supervisor read of a user page with AD faults (0x21)', leaf: USER_PAGE | withKey(5), access: access('read', false), control: { ...BASE, pke: true, pkru: 0x400 }, result: 'protection@1', errorCode: PFERR_P | PFERR_PK },
    { name: 'PK: a supervisor write with WD and WP=1 faults (0x23)', leaf: USER_PAGE | withKey(5), access: access('write', false), control: { ...BASE, pke: true, pkru: 0x800 }, result: 'protection@1', errorCode: PFERR_P | PFERR_W | PFERR_PK },
    { name: 'PK: a supervisor write with WD and WP=0 is allowed', leaf: USER_PAGE | withKey(5), access: access('write', false), control: { ...BASE, wp: false, pke: true, pkru: 0x800 }, result: 'ok' },
    { name: 'PK: a supervisor page is not checked', leaf: SUPERVISOR_PAGE | withKey(5), access: access('read', false), control: { ...BASE, pke: true, pkru: 0x400 }, result: 'ok' },
    { name: 'PK: a page with US clear above the leaf is a supervisor page, not checked', leaf: USER_PAGE | withKey(5), access: access('read', false), control: { ...BASE, pke: true, pkru: 0x400 }, result: 'ok', pdeFlags: PTE_P | PTE_RW | PTE_A },
    // A user write to a read-only page whose key also forbids it: one fault, with PK (SDM 4.7: PK describes the access, not which check came first).
    { name: 'PK with a paging-rights violation too: PK still set (0x27)', leaf: PTE_P | PTE_US | PTE_A | withKey(5), access: access('write', true), control: { ...BASE, pke: true, pkru: 0x800 }, result: 'protection@1', errorCode: PFERR_P | PFERR_W | PFERR_U | PFERR_PK },
    { name: 'no PK bit for a rights violation the key allows (0x7)', leaf: PTE_P | PTE_US | PTE_A | withKey(5), access: access('write', true), control: { ...BASE, pke: true, pkru: 0x400_0000 }, result: 'protection@1', errorCode: PFERR_P | PFERR_W | PFERR_U },
    { name: 'PKE clear: PKRU and the key are ignored', leaf: USER_PAGE | withKey(5), access: access('read', true), control: { ...BASE, pkru: 0xffff_ffff }, result: 'ok' },
    { name: 'PKE clear: bits 62:59 are not reserved', leaf: USER_PAGE | withKey(15), access: access('read', true), control: BASE, result: 'ok' },
    { name: 'PKE set: bits 62:59 are not reserved either', leaf: USER_PAGE | withKey(15), access: access('read', true), control: { ...BASE, pke: true }, result: 'ok' },
    { name: 'SMAP and PK together: AC=1 lifts SMAP, the key still forbids (0x21)', leaf: USER_PAGE | withKey(2), access: access('read', false, { ac: true }), control: { ...BASE, smap: true, pke: true, pkru: 0x10 }, result: 'protection@1', errorCode: PFERR_P | PFERR_PK },
  ])('$name', ({ leaf, access: request, control, result, errorCode, pdeFlags }) => {
    const outcome = walk(leaf, request, control, pdeFlags);
    expect(outcome.result).toBe(result);
    if (errorCode !== undefined) expect(hex(outcome.errorCode!)).toBe(hex(errorCode));
  });

  it('a faulting access never marks the leaf; an allowed one does', () => {
    const fresh = PTE_P | PTE_RW | PTE_US; // no A, no D
    expect(walk(fresh, access('write', false), { ...BASE, smap: true }).leafWrite).toBe('');
    expect(walk(fresh | withKey(1), access('write', true), { ...BASE, pke: true, pkru: 0x8 }).leafWrite).toBe('');
    expect(walk(fresh, access('write', false, { ac: true }), { ...BASE, smap: true }).leafWrite).toBe('0x60');
  });
});

/**
 * access.c-style combinations: the PDE's and PTE's US, the PTE's RW, two keys,
 * every access with AC and implicit, CR0.WP, SMEP, SMAP, PKE and PKRU's AD/WD
 * for the page's key, checked against the rules above stated once more here.
 */
describe('every combination', () => {
  const booleans = [false, true];
  const KEY = 9;
  const OTHER_KEY_BITS = pkru(8, true, true) | pkru(10, true, true); // neighbours of the key, to catch an index off by one

  interface Case {
    readonly pdeUser: boolean;
    readonly pteUser: boolean;
    readonly writable: boolean;
    readonly access: Access;
    readonly control: PagingControl;
    readonly ad: boolean;
    readonly wd: boolean;
  }

  function* cases(): Generator<Case> {
    for (const pdeUser of booleans)
      for (const pteUser of booleans)
        for (const writable of booleans)
          for (const user of booleans)
            for (const kind of ['read', 'write', 'fetch'] as const)
              for (const ac of booleans)
                for (const implicit of user || kind === 'fetch' ? [false] : booleans)
                  for (const wp of booleans)
                    for (const smep of booleans)
                      for (const smap of booleans)
                        for (const pke of booleans)
                          for (const ad of booleans)
                            for (const wd of booleans) {
                              const control: PagingControl = { wp, nxe: true, levels: 4, smep, smap, pke, pkru: pkru(KEY, ad, wd) | OTHER_KEY_BITS };
                              yield { pdeUser, pteUser, writable, access: { kind, user, ac, implicit }, control, ad, wd };
                            }
  }

  function expected(c: Case): { result: string; errorCode: number | null } {
    const userPage = c.pdeUser && c.pteUser;
    const { kind, user } = c.access;
    const { wp, smep, smap, pke } = c.control;
    let fault = false;
    let pk = false;
    if (user && !userPage) fault = true;
    if (kind === 'write' && !c.writable && (user || wp)) fault = true;
    if (!user && userPage && kind === 'fetch' && smep) fault = true;
    if (!user && userPage && kind !== 'fetch' && smap && (c.access.implicit || !c.access.ac)) fault = true;
    if (pke && userPage && kind !== 'fetch' && (c.ad || (kind === 'write' && c.wd && (user || wp)))) fault = pk = true;
    if (!fault) return { result: 'ok', errorCode: null };
    const errorCode = PFERR_P | (kind === 'write' ? PFERR_W : 0) | (user ? PFERR_U : 0) | (kind === 'fetch' ? PFERR_ID : 0) | (pk ? PFERR_PK : 0);
    return { result: 'protection@1', errorCode };
  }

  it('agrees with the SDM’s rules on every case', () => {
    const mismatches: string[] = [];
    let count = 0;
    const tally = { ok: 0, fault: 0, pk: 0 };
    for (const c of cases()) {
      count++;
      const leaf = FRAME_4K | PTE_P | PTE_A | PTE_D | (c.pteUser ? PTE_US : 0n) | (c.writable ? PTE_RW : 0n) | withKey(KEY);
      const pdeFlags = PTE_P | PTE_RW | PTE_A | (c.pdeUser ? PTE_US : 0n);
      const got = walk(leaf & ~FRAME_4K, c.access, c.control, pdeFlags);
      const want = expected(c);
      if (got.result !== want.result || got.errorCode !== want.errorCode) {
        if (mismatches.length < 10) mismatches.push(`${JSON.stringify(c)}: expected ${want.result} ${want.errorCode}, got ${got.result} ${got.errorCode}`);
      }
      if (want.errorCode === null) tally.ok++;
      else tally.fault++;
      if (want.errorCode !== null && want.errorCode & PFERR_PK) tally.pk++;
    }
    expect(mismatches).toEqual([]);
    // 8 entry settings × 16 accesses (user: 3 kinds × AC; supervisor: read and write × AC × implicit, fetch × AC) × 2^6 controls.
    expect(count).toBe(8 * (3 * 2 + 2 * 2 * 2 + 2) * 2 ** 6);
    for (const value of Object.values(tally)) expect(value).toBeGreaterThan(100);
  });

  it('with every new control absent, or clear with PKRU 0, walks exactly as before', () => {
    for (const c of cases()) {
      if (c.control.smep || c.control.smap || c.control.pke) continue;
      const leaf = PTE_P | PTE_A | (c.pteUser ? PTE_US : 0n) | (c.writable ? PTE_RW : 0n) | withKey(KEY);
      const pdeFlags = PTE_P | PTE_RW | PTE_A | (c.pdeUser ? PTE_US : 0n);
      const plain: PagingControl = { wp: c.control.wp, nxe: true, levels: 4 };
      const plainAccess: Access = { kind: c.access.kind, user: c.access.user };
      expect(walk(leaf, c.access, { ...plain, smep: false, smap: false, pke: false, pkru: 0 }, pdeFlags)).toEqual(walk(leaf, plainAccess, plain, pdeFlags));
    }
  });
});
