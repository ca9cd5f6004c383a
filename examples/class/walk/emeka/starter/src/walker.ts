import { RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../../reference/paging/rights';
import { AdWrite, WalkStep } from '../../reference/paging/walk-types';
import { GuestWalkFault, GuestWalkRequest, GuestWalkResult, Walker } from '../../reference/paging/walker';
import { EntryReader } from '../../reference/paging/walk-types';

// my own copies of the bits so I remember what each one is
const PRESENT_BIT = 0x1n; // bit 0
const WRITABLE_BIT = 0x2n; // bit 1
const USER_BIT = 0x4n; // bit 2
const ACCESSED_BIT = 0x20n; // bit 5
const DIRTY_BIT = 0x40n; // bit 6
const PAGE_SIZE_BIT = 0x80n; // bit 7
const NO_EXECUTE_BIT = 0x8000000000000000n; // bit 63

const NEXT_TABLE_MASK = 0x000ffffffffff000n; // bits 12 to 51
const RESERVED_HIGH_BITS = 0x000fc00000000000n; // bits 46 to 51

// every fault looks the same apart from the fault itself
function faultResult(fault: GuestWalkFault, stepsSoFar: WalkStep[], writesSoFar: AdWrite[]): GuestWalkResult {
  return {
    ok: false,
    fault: fault,
    rights: 0,
    steps: stepsSoFar,
    adWrites: writesSoFar,
  };
}

function walkPageTables(request: GuestWalkRequest, readEntry: EntryReader): GuestWalkResult {
  const virtualAddress: bigint = request.va;
  const numberOfLevels: number = request.control.levels;
  const stepsTaken: WalkStep[] = [];
  const accessedDirtyWrites: AdWrite[] = [];

  // Step 1: is the address canonical?
  let bitsThatMustMatch: bigint;
  if (numberOfLevels === 5) {
    bitsThatMustMatch = virtualAddress >> 56n; // bits 63..56
  } else {
    bitsThatMustMatch = virtualAddress >> 47n; // bits 63..47
  }
  let allOnes: bigint;
  if (numberOfLevels === 5) {
    allOnes = 0xffn; // 8 bits
  } else {
    allOnes = 0x1ffffn; // 17 bits
  }
  if (bitsThatMustMatch !== 0n && bitsThatMustMatch !== allOnes) {
    return faultResult({ kind: 'non-canonical' }, [], []);
  }

  // Step 2: walk down the levels
  let currentLevel: number = numberOfLevels;
  let currentTable: bigint = request.root;
  let everyLevelWritable = true;
  let everyLevelUser = true;
  let someLevelNoExecute = false;

  while (currentLevel >= 1) {
    const shiftAmount = 12 + 9 * (currentLevel - 1);
    const indexBigint = (virtualAddress >> BigInt(shiftAmount)) & 0x1ffn;
    const indexNumber = Number(indexBigint);
    const addressOfEntry = currentTable + indexBigint * 8n;

    const entryValue = readEntry(addressOfEntry, currentLevel);
    if (entryValue === null) {
      return faultResult({ kind: 'access-failed', level: currentLevel }, stepsTaken, accessedDirtyWrites);
    }
    stepsTaken.push({ level: currentLevel, index: indexNumber, entryAddress: addressOfEntry, entry: entryValue });

    // is the entry present?
    const isPresent = (entryValue & PRESENT_BIT) !== 0n;
    if (!isPresent) {
      return faultResult({ kind: 'not-present', level: currentLevel }, stepsTaken, accessedDirtyWrites);
    }

    // reserved bits
    let reservedProblem = '';
    const hasPageSizeBit = (entryValue & PAGE_SIZE_BIT) !== 0n;
    if ((entryValue & RESERVED_HIGH_BITS) !== 0n) {
      reservedProblem = 'bits 46-51 are reserved';
    } else if (!request.control.nxe && (entryValue & NO_EXECUTE_BIT) !== 0n) {
      reservedProblem = 'bit 63 is reserved when NXE is off';
    } else if (currentLevel >= 4 && hasPageSizeBit) {
      reservedProblem = 'no 512G pages';
    } else if (currentLevel === 3 && hasPageSizeBit && (entryValue & 0x3fffe000n) !== 0n) {
      reservedProblem = '1G page: bits 13-29 must be zero';
    } else if (currentLevel === 2 && hasPageSizeBit && (entryValue & 0x1fe000n) !== 0n) {
      reservedProblem = '2M page: bits 13-20 must be zero';
    }
    if (reservedProblem !== '') {
      return faultResult({ kind: 'reserved', level: currentLevel, reason: reservedProblem }, stepsTaken, accessedDirtyWrites);
    }

    // rights: RW and US must be on everywhere, one NX is enough to block fetches
    if ((entryValue & WRITABLE_BIT) === 0n) {
      everyLevelWritable = false;
    }
    if ((entryValue & USER_BIT) === 0n) {
      everyLevelUser = false;
    }
    if (request.control.nxe && (entryValue & NO_EXECUTE_BIT) !== 0n) {
      someLevelNoExecute = true;
    }

    // is this the leaf?
    let isLeaf = false;
    if (currentLevel === 1) {
      isLeaf = true;
    } else if ((currentLevel === 2 || currentLevel === 3) && hasPageSizeBit) {
      isLeaf = true;
    }

    if (isLeaf === false) {
      // table entry: set A if it is not set yet, then go to the next table
      if ((entryValue & ACCESSED_BIT) === 0n) {
        accessedDirtyWrites.push({ level: currentLevel, entryAddress: addressOfEntry, bits: ACCESSED_BIT });
      }
      currentTable = entryValue & NEXT_TABLE_MASK;
      currentLevel = currentLevel - 1;
      continue;
    }

    // Step 3: permission check at the leaf
    let rights = RIGHT_READ;
    if (everyLevelWritable) {
      rights = rights | RIGHT_WRITE;
    }
    if (everyLevelUser) {
      rights = rights | RIGHT_USER;
    }
    if (!someLevelNoExecute) {
      rights = rights | RIGHT_EXECUTE;
    }

    let accessIsAllowed = true;
    if (request.access.user && !everyLevelUser) {
      accessIsAllowed = false;
    }
    if (request.access.kind === 'write' && !everyLevelWritable) {
      if (request.access.user) {
        accessIsAllowed = false;
      } else if (request.control.wp) {
        accessIsAllowed = false;
      }
    }
    if (request.access.kind === 'fetch' && someLevelNoExecute) {
      accessIsAllowed = false;
    }
    // Step 3b: SMEP, SMAP and protection keys, only for user pages
    if (everyLevelUser && !request.access.user) {
      if (request.access.kind === 'fetch' && request.control.smep === true) {
        accessIsAllowed = false;
      }
      if (request.access.kind !== 'fetch' && request.control.smap === true) {
        if (request.access.implicit === true || request.access.ac !== true) {
          accessIsAllowed = false;
        }
      }
    }
    if (everyLevelUser && request.control.pke === true && request.access.kind !== 'fetch') {
      const protectionKey = Number((entryValue >> 59n) & 15n);
      const pkru = request.control.pkru === undefined ? 0 : request.control.pkru;
      const accessDisableBit = (pkru >>> (protectionKey * 2)) & 1;
      const writeDisableBit = (pkru >>> (protectionKey * 2 + 1)) & 1;
      if (accessDisableBit === 1) {
        accessIsAllowed = false;
      }
      if (request.access.kind === 'write' && writeDisableBit === 1) {
        if (request.access.user) {
          accessIsAllowed = false;
        } else if (request.control.wp) {
          accessIsAllowed = false;
        }
      }
    }
    if (!accessIsAllowed) {
      return faultResult({ kind: 'protection', level: currentLevel, rights: rights }, stepsTaken, accessedDirtyWrites);
    }

    // Step 4: accessed and dirty on the leaf
    let leafBits = 0n;
    if ((entryValue & ACCESSED_BIT) === 0n) {
      leafBits = leafBits | ACCESSED_BIT;
    }
    if ((entryValue & DIRTY_BIT) === 0n) {
      leafBits = leafBits | DIRTY_BIT;
    }
    if (leafBits !== 0n) {
      accessedDirtyWrites.push({ level: currentLevel, entryAddress: addressOfEntry, bits: leafBits });
    }

    // Step 5: the physical address
    let pageSize: bigint;
    if (currentLevel === 3) {
      pageSize = 0x40000000n; // 1G
    } else if (currentLevel === 2) {
      pageSize = 0x200000n; // 2M
    } else {
      pageSize = 0x1000n; // 4K
    }
    const frameAddress = entryValue & NEXT_TABLE_MASK & ~(pageSize - 1n);
    const offsetInPage = virtualAddress & (pageSize - 1n);
    return {
      ok: true,
      address: frameAddress + offsetInPage,
      pageSize: pageSize,
      leafLevel: currentLevel,
      rights: rights,
      steps: stepsTaken,
      adWrites: accessedDirtyWrites,
    };
  }

  // should never get here because level 1 is always a leaf
  throw new Error('walk did not end at a leaf');
}

export const walker: Walker = {
  walk(request, readEntry) {
    return walkPageTables(request, readEntry);
  },
};
