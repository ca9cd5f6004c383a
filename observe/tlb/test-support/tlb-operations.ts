import { AccessKind } from '../../../reference/paging/rights';
import { TlbOperation, TlbProbe } from '../tlb-probe-types';

/** Short ways to write TLB operations in tests: VPID 1, PCID 0, a user read, 4 KiB, rights rwu, dirty, unless said otherwise. */

interface Context {
  readonly vpid?: number;
  readonly pcid?: number;
}

export function lookup(va: string, options: Context & { readonly access?: AccessKind; readonly user?: boolean; readonly wp?: boolean } = {}): TlbOperation {
  return { op: 'lookup', vpid: options.vpid ?? 1, pcid: options.pcid ?? 0, va, access: { kind: options.access ?? 'read', user: options.user ?? true }, wp: options.wp ?? true };
}

export function fill(
  va: string,
  physicalBase: string,
  options: Context & { readonly global?: boolean; readonly pageSize?: string; readonly rights?: string; readonly dirty?: boolean; readonly mappedPageSize?: string } = {},
): TlbOperation {
  return {
    op: 'fill',
    vpid: options.vpid ?? 1,
    pcid: options.pcid ?? 0,
    global: options.global ?? false,
    va,
    pageSize: options.pageSize ?? '0x1000',
    physicalBase,
    rights: options.rights ?? 'rwu',
    dirty: options.dirty ?? true,
    ...(options.mappedPageSize === undefined ? {} : { mappedPageSize: options.mappedPageSize }),
  };
}

export function invlpg(va: string, options: Context = {}): TlbOperation {
  return { op: 'invlpg', vpid: options.vpid ?? 1, pcid: options.pcid ?? 0, va };
}

export function cr3Write(options: Context = {}): TlbOperation {
  return { op: 'cr3-write', vpid: options.vpid ?? 1, pcid: options.pcid ?? 0 };
}

export function tlbProbe(operations: readonly TlbOperation[], entries = 8, ways = 2): TlbProbe {
  return { kind: 'tlb', config: { entries, ways }, operations };
}
