/**
 * The three address spaces of a virtualized machine. They are all bigints at run
 * time; the brands stop a guest-physical address from being used as a host one
 * without an explicit translation.
 */
export type Gva = bigint & { readonly __space: 'guest-virtual' };
export type Gpa = bigint & { readonly __space: 'guest-physical' };
export type Hpa = bigint & { readonly __space: 'host-physical' };

export const gva = (value: bigint | number): Gva => BigInt(value) as Gva;
export const gpa = (value: bigint | number): Gpa => BigInt(value) as Gpa;
export const hpa = (value: bigint | number): Hpa => BigInt(value) as Hpa;

export const PAGE_SHIFT = 12n;
export const PAGE_SIZE = 4096n;
export const PAGE_OFFSET_MASK = 0xfffn;

/** Frame (page) number of an address, as a number: frame numbers stay below 2^53. */
export function frameNumber(address: bigint): number {
  return Number(address >> PAGE_SHIFT);
}

export function frameAddress(frame: number): bigint {
  return BigInt(frame) << PAGE_SHIFT;
}

export function hex(value: bigint | number): string {
  return '0x' + value.toString(16);
}
