import { Gva } from '../addresses';
import { GuestPlatform } from '../guest/platform';
import { Access } from '../paging/rights';
import { TlbEntry } from '../tlb/tlb-entry';

/**
 * A user access's translation as the guest sees it: the host-physical address
 * to load from or store to (a bigint), or the error code of the #PF delivered
 * to the guest kernel (a number). Whatever the hypervisor did on the way
 * (hidden faults, EPT violations) stays inside. Two primitive types rather
 * than a result object: this is returned on every simulated access.
 */
export type Translation = bigint | number;

/**
 * One VM's (virtual) hardware in a given mode: the platform its guest kernel
 * runs on, and the MMU its user accesses go through.
 */
export interface VmHardware extends GuestPlatform {
  /** Translate a user access of the running guest process. */
  translate(va: Gva, access: Access): Translation;
  readWord(physical: bigint): number;
  writeWord(physical: bigint, value: number): void;
  /** Page-table pages the hardware/hypervisor keeps for this VM (not the guest's own). */
  readonly shadowPageTablePages: number;
  readonly nestedPageTablePages: number;
  /** Host frames backing this VM's guest-physical memory (0 in native mode). */
  readonly backedGuestFrames: number;
  /** The host frame holding a guest frame (itself in native mode), or undefined while unbacked. */
  hostFrameOf(guestFrame: number): number | undefined;
  /** This VM's TLB entries (for audits). */
  tlbEntries(): TlbEntry[];
}
