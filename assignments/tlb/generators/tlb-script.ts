import { hex } from '../../../reference/addresses';
import { AccessKind } from '../../../reference/paging/rights';
import { Random } from '../../../reference/scenario/random';
import { PageSizeName } from '../../../reference/scenario/types';
import { TlbOperation, TlbProbe, TlbRights } from '../../../observe/tlb/tlb-probe-types';
import { PAGE_BYTES, TlbGeometry, TlbLayout, insidePage, randomFrame } from './tlb-layout';

/** Whose translation: a VPID (0: the host, or every VM without VPIDs) and a PCID. */
export interface Context {
  readonly vpid: number;
  readonly pcid: number;
}

/** A page to cache, as a walk would hand it over. */
export interface FillRequest {
  /** The page's base; the fill names a random address inside it, as the walk that fills it would. */
  readonly page: bigint;
  readonly size?: PageSizeName;
  readonly global?: boolean;
  /** Default: every right, "rwxu". */
  readonly rights?: TlbRights;
  /** Default: true (the leaf was dirty, or the walk was a write). */
  readonly dirty?: boolean;
  /** A 4 KiB piece of a large page of this size (the guest's page over 4 KiB EPT pages). */
  readonly mapped?: '2M' | '1G';
  /** Default: a random frame of the page's size. */
  readonly frame?: bigint;
}

/** An access as the hardware makes it: user mode unless said, CR0.WP set unless said. */
export interface AccessRequest {
  readonly kind?: AccessKind;
  readonly user?: boolean;
  readonly wp?: boolean;
}

/**
 * A TLB probe written operation by operation, with a layout that names pages
 * by set and a Random for every free choice (frames, the address inside a
 * page a fill or lookup names). Every method appends one operation.
 */
export class TlbScript {
  readonly layout: TlbLayout;
  private readonly operations: TlbOperation[] = [];

  constructor(
    readonly geometry: TlbGeometry,
    readonly random: Random,
  ) {
    this.layout = new TlbLayout(geometry, random);
  }

  get length(): number {
    return this.operations.length;
  }

  fill(context: Context, request: FillRequest): this {
    const size = request.size ?? '4K';
    const pageSize = request.mapped === undefined ? size : '4K';
    return this.push({
      op: 'fill',
      vpid: context.vpid,
      pcid: context.pcid,
      global: request.global ?? false,
      va: hex(insidePage(this.random, request.page, pageSize)),
      pageSize: hex(PAGE_BYTES[pageSize]),
      physicalBase: hex(request.frame ?? randomFrame(this.random, pageSize)),
      rights: request.rights ?? 'rwxu',
      dirty: request.dirty ?? true,
      ...(request.mapped === undefined ? {} : { mappedPageSize: hex(PAGE_BYTES[request.mapped]) }),
    });
  }

  /** A lookup of `va` exactly. */
  lookupAt(context: Context, va: bigint, access: AccessRequest = {}): this {
    return this.push({ op: 'lookup', vpid: context.vpid, pcid: context.pcid, va: hex(va), access: { kind: access.kind ?? 'read', user: access.user ?? true }, wp: access.wp ?? true });
  }

  /** A lookup of a random address in the page of `size` at `page`. */
  lookup(context: Context, page: bigint, size: PageSizeName = '4K', access: AccessRequest = {}): this {
    return this.lookupAt(context, insidePage(this.random, page, size), access);
  }

  /** INVLPG of `va` exactly. */
  invlpgAt(context: Context, va: bigint): this {
    return this.push({ op: 'invlpg', vpid: context.vpid, pcid: context.pcid, va: hex(va) });
  }

  /** INVLPG of a random address in the page of `size` at `page`. */
  invlpg(context: Context, page: bigint, size: PageSizeName = '4K'): this {
    return this.invlpgAt(context, insidePage(this.random, page, size));
  }

  cr3Write(context: Context): this {
    return this.push({ op: 'cr3-write', vpid: context.vpid, pcid: context.pcid });
  }

  invvpid(vpid: number): this {
    return this.push({ op: 'invvpid', vpid });
  }

  vmTransition(vpidEnabled: boolean): this {
    return this.push({ op: 'vm-transition', vpidEnabled });
  }

  flushAll(): this {
    return this.push({ op: 'flush-all' });
  }

  probe(): TlbProbe {
    return { kind: 'tlb', config: { entries: this.geometry.entries, ways: this.geometry.ways }, operations: [...this.operations] };
  }

  private push(operation: TlbOperation): this {
    this.operations.push(operation);
    return this;
  }
}
