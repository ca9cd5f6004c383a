/**
 * Architectural bit definitions, named after the Intel SDM (vol. 3, chapters 4
 * "Paging" and 29 "VMX support for address translation") and the AMD APM
 * (vol. 2, 15.25 "Nested paging"). Everything bit-level lives here, once.
 */
const bit = (n: number): bigint => 1n << BigInt(n);

// x86-64 paging-structure entries (SDM 4.5, tables 4-15 .. 4-20).
export const PTE_P = bit(0); //    present
export const PTE_RW = bit(1); //   writable
export const PTE_US = bit(2); //   user-accessible
export const PTE_PWT = bit(3); //  page-level write-through
export const PTE_PCD = bit(4); //  page-level cache disable
export const PTE_A = bit(5); //    accessed
export const PTE_D = bit(6); //    dirty (leaf entries only)
export const PTE_PS = bit(7); //   page size: leaf at PDPT (1 GiB) or PD (2 MiB) level; PAT in a 4 KiB PTE
export const PTE_G = bit(8); //    global (leaf entries only; survives CR3 writes)
export const PTE_LARGE_PAT = bit(12); // PAT bit of a 2 MiB / 1 GiB leaf
export const PTE_NX = bit(63); //  execute-disable (reserved when EFER.NXE = 0)
/** Software-available bits 9..11 and 52..58: ignored by the hardware. */
export const PTE_PKEY_SHIFT = 59n; // protection key, bits 62:59 of a leaf (with CR4.PKE; ignored otherwise, never reserved)
export const PTE_PKEY_MASK = 0xfn << PTE_PKEY_SHIFT;

/** Physical address bits 51:12 of an entry; bits above MAXPHYADDR are reserved. */
export const ENTRY_ADDRESS_MASK = ((1n << 52n) - 1n) & ~0xfffn;

// Control registers.
export const CR0_WP = bit(16); //   write-protect: supervisor writes honour RW
export const EFER_NXE = bit(11); // no-execute enable: makes PTE bit 63 meaningful
export const CR4_SMEP = bit(20); // supervisor-mode execution prevention: no supervisor fetch from user pages
export const CR4_SMAP = bit(21); // supervisor-mode access prevention: no supervisor data access to user pages (unless EFLAGS.AC)
export const CR4_PKE = bit(22); //  protection keys for user pages (PKRU)
export const EFLAGS_AC = bit(18); // alignment check / access control: lifts SMAP for explicit supervisor accesses

// PKRU (SDM 4.6.2): for protection key k, bit 2k is AD (access disable), bit 2k + 1 WD (write disable).
export const PKRU_AD_SHIFT = 0; // AD of key k is bit PKRU_AD_SHIFT + 2k
export const PKRU_WD_SHIFT = 1; // WD of key k is bit PKRU_WD_SHIFT + 2k

// #PF error code (SDM 4.7).
export const PFERR_P = 1 << 0; //    0: not present, 1: protection or reserved bit
export const PFERR_W = 1 << 1; //    the access was a write
export const PFERR_U = 1 << 2; //    the access was in user mode
export const PFERR_RSVD = 1 << 3; // a reserved bit was set in an entry
export const PFERR_ID = 1 << 4; //   the access was an instruction fetch (only reported with EFER.NXE or CR4.SMEP set)
export const PFERR_PK = 1 << 5; //   a data access to a user page that PKRU forbids (with CR4.PKE)

// EPT entries (SDM 29.3.2, tables 29-1 .. 29-6).
export const EPT_R = bit(0); //   read
export const EPT_W = bit(1); //   write
export const EPT_X = bit(2); //   execute (supervisor-mode execute with MBEC, not modelled)
export const EPT_MEMTYPE_SHIFT = 3n; // bits 5:3 memory type, leaf entries only
export const EPT_MEMTYPE_MASK = 7n << EPT_MEMTYPE_SHIFT;
export const EPT_IGNORE_PAT = bit(6);
export const EPT_PS = bit(7); //  leaf at PDPT (1 GiB) or PD (2 MiB) level; reserved at PML4
export const EPT_A = bit(8); //   accessed, only when EPTP bit 6 enables A/D
export const EPT_D = bit(9); //   dirty (leaf), only when EPTP bit 6 enables A/D
export const EPT_SUPPRESS_VE = bit(63);
export const EPT_RWX = EPT_R | EPT_W | EPT_X;

/** EPT memory types; 2, 3 and 7 are reserved and make a leaf misconfigured. */
export const MEMTYPE_UC = 0n;
export const MEMTYPE_WB = 6n;
export const EPT_RESERVED_MEMTYPES: readonly bigint[] = [2n, 3n, 7n];

// EPTP (SDM 25.6.11).
export const EPTP_MEMTYPE_WB = 6n; //   bits 2:0
export const EPTP_WALK_LENGTH_SHIFT = 3n; // bits 5:3: levels minus one
export const EPTP_AD_ENABLE = bit(6);

// EPT-violation exit qualification (SDM 28.2.1, table 28-7).
export const EPT_QUAL_READ = 1 << 0; //        the access was a data read
export const EPT_QUAL_WRITE = 1 << 1; //       the access was a data write
export const EPT_QUAL_FETCH = 1 << 2; //       the access was an instruction fetch
export const EPT_QUAL_READABLE = 1 << 3; //    the gPA was readable (AND over the levels walked)
export const EPT_QUAL_WRITABLE = 1 << 4; //    ... writable
export const EPT_QUAL_EXECUTABLE = 1 << 5; //  ... executable
export const EPT_QUAL_GLA_VALID = 1 << 7; //   a guest linear address caused the access
export const EPT_QUAL_GLA_FINAL = 1 << 8; //   set: the final translation; clear: a guest paging-structure access

// AMD #NPF EXITINFO1 (APM vol. 2, 15.25.6): the #PF error-code bits plus these.
export const NPF_FINAL_TRANSLATION = 1n << 32n; //  fault on the final gPA of the access
export const NPF_GUEST_PAGE_TABLE = 1n << 33n; //   fault on a guest page-table access
