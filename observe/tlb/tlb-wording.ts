import { describeRights } from '../../reference/paging/rights';
import { TlbEntryObservation, TlbOutcome } from './tlb-observation';
import { TlbOperation, TlbProbe } from './tlb-probe-types';
import { rightsFromLetters } from './tlb-rights';

/** How the feedback names TLB operations and entries: one place, so every message speaks alike. */

const PAGE_SIZE_NAMES: ReadonlyMap<string, string> = new Map([
  ['0x1000', '4 KiB'],
  ['0x200000', '2 MiB'],
  ['0x40000000', '1 GiB'],
]);

/** "12 operations on a TLB of 16 entries, 4 ways per set" (worded so no count needs "an": an 8-entry, an 11-entry) */
export function describeTlbProbe(probe: TlbProbe): string {
  const { entries, ways } = probe.config;
  const count = probe.operations.length;
  return `${count} operation${count === 1 ? '' : 's'} on a TLB of ${entries} entr${entries === 1 ? 'y' : 'ies'}, ${ways} way${ways === 1 ? '' : 's'} per set`;
}

/** "lookup of 0x7f001000 in VPID 1, PCID 0 (user write)", "CR3 write in VPID 1, PCID 0" */
export function describeTlbOperation(operation: TlbOperation): string {
  switch (operation.op) {
    case 'lookup': {
      const { access } = operation;
      const wp = access.kind === 'write' && !access.user && !operation.wp ? ', CR0.WP=0' : '';
      return `lookup of ${operation.va} in ${context(operation.vpid, operation.pcid)} (${access.user ? 'user' : 'supervisor'} ${access.kind}${wp})`;
    }
    case 'fill': {
      const piece = operation.mappedPageSize === undefined ? '' : `, a piece of a ${pageSizeName(operation.mappedPageSize)} page`;
      return (
        `fill of ${operation.va} in ${context(operation.vpid, operation.pcid)}${operation.global ? ' (global)' : ''}: ` +
        `${pageSizeName(operation.pageSize)} page → ${operation.physicalBase}, rights ${describeRights(rightsFromLetters(operation.rights))}, ${operation.dirty ? 'dirty' : 'clean'}${piece}`
      );
    }
    case 'invlpg':
      return `invlpg of ${operation.va} in ${context(operation.vpid, operation.pcid)}`;
    case 'cr3-write':
      return `CR3 write in ${context(operation.vpid, operation.pcid)}`;
    case 'invvpid':
      return `INVVPID of VPID ${operation.vpid}`;
    case 'vm-transition':
      return `VM entry or exit with VPIDs ${operation.vpidEnabled ? 'on' : 'off'}`;
    case 'flush-all':
      return 'flush of every entry';
  }
}

/** "the 4 KiB page 0x7f001000 of VPID 1, PCID 0 (global) → 0x123000, rights rw-u, dirty" */
export function describeTlbEntry(entry: TlbEntryObservation): string {
  const piece = entry.mappedPageSize === undefined ? '' : `, a piece of a ${pageSizeName(entry.mappedPageSize)} page`;
  return (
    `the ${pageSizeName(entry.pageSize)} page ${entry.page} of ${context(entry.vpid, entry.pcid)}${entry.global ? ' (global)' : ''} → ${entry.frame}, ` +
    `rights ${describeRights(rightsFromLetters(entry.rights))}, ${entry.dirty ? 'dirty' : 'clean'}${piece}`
  );
}

/** What an operation did: "a miss", "a hit on the 4 KiB page …", "filled", "2 entries dropped", or what was wrong with it. */
export function describeTlbOutcome(outcome: TlbOutcome): string {
  switch (outcome.kind) {
    case 'miss':
      return 'a miss';
    case 'hit':
      return `a hit on ${describeTlbEntry(outcome.entry)}`;
    case 'filled':
      return 'filled';
    case 'dropped':
      return `${outcome.count} ${outcome.count === 1 ? 'entry' : 'entries'} dropped`;
    case 'garbage':
      return outcome.problem;
  }
}

/** "4 KiB"; a size no TLB entry has by its hex value ("0x3000-byte"). */
export function pageSizeName(pageSize: string): string {
  return PAGE_SIZE_NAMES.get(pageSize) ?? `${pageSize}-byte`;
}

function context(vpid: number, pcid: number): string {
  return `VPID ${vpid}, PCID ${pcid}`;
}
