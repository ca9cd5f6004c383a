import { HexString, ProbeAccess } from '../probe-values';

/** Rights of a TLB entry as letters, in this order: r (read), w (write), x (execute), u (user); "" for none. */
export type TlbRights = string;

/** One call the hardware makes on a TLB (reference/tlb/tlb-component.ts), with its arguments. */
export type TlbOperation =
  | { readonly op: 'lookup'; readonly vpid: number; readonly pcid: number; readonly va: HexString; readonly access: ProbeAccess; readonly wp: boolean }
  | {
      readonly op: 'fill';
      readonly vpid: number;
      readonly pcid: number;
      readonly global: boolean;
      readonly va: HexString;
      readonly pageSize: HexString;
      readonly physicalBase: HexString;
      readonly rights: TlbRights;
      readonly dirty: boolean;
      readonly mappedPageSize?: HexString;
    }
  | { readonly op: 'invlpg'; readonly vpid: number; readonly pcid: number; readonly va: HexString }
  | { readonly op: 'cr3-write'; readonly vpid: number; readonly pcid: number }
  | { readonly op: 'invvpid'; readonly vpid: number }
  | { readonly op: 'vm-transition'; readonly vpidEnabled: boolean }
  | { readonly op: 'flush-all' };

/** A sequence of operations on one new TLB of the given geometry (its `create(config)`). */
export interface TlbProbe {
  readonly kind: 'tlb';
  readonly config: { readonly entries: number; readonly ways: number };
  readonly operations: readonly TlbOperation[];
}
