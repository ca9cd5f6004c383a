import { Gpa, Gva, frameNumber } from '../../addresses';
import { ComponentError, NoProgressError, blameComponent, describeValue, invariant } from '../../errors';
import { PhysicalMemory } from '../../memory/physical-memory';
import { PTE_D } from '../../paging/constants';
import { Access } from '../../paging/rights';
import { PagingControl, Walker } from '../../paging/walker';
import { EntryReader } from '../../paging/walk-types';
import { applyAdWrites, leafAfterWalk } from '../../hardware/apply-ad-writes';
import { oneDimensionalWalkReferences } from '../../hardware/walk-references';
import { Translation, VmHardware } from '../../hardware/translation';
import { GuestPhysicalMap } from '../guest-physical-map';
import { Components } from '../../components';
import { HostedVm, HostedVmOptions } from '../hosted-vm';
import { HiddenFaultHandler, HiddenFaultOutcome } from './hidden-fault-handler';
import { GuestTableWalk, ShadowContext } from './shadow-context';
import { ShadowPageTables } from './shadow-page-tables';
import { ShadowSync } from './shadow-sync';

export interface ShadowState {
  readonly shadow: ShadowPageTables;
  /** The guest frames the components write-protected. */
  readonly protectedFrames: ReadonlySet<number>;
  readonly memoryMap: GuestPhysicalMap;
  readonly guestCr3: Gpa | null;
  /** What the hardware's CR3 holds: the hPA the sync's cr3Write returned, or null. */
  readonly shadowRoot: bigint | null;
  readonly hostMemory: PhysicalMemory;
}

/** A miss takes one hidden fault to fill the path and one more if a clean page is written; more means no progress. */
const MAX_HIDDEN_FAULTS_PER_ACCESS = 8;

/**
 * `shadow` mode for one VM: the hardware walks the hypervisor's shadow tables
 * (gVA -> hPA). The hypervisor intercepts CR3 writes, invlpg, stores to the
 * guest page tables it shadows, and every page fault; its two components
 * (shadow sync and the hidden-fault handler) do the paging work.
 */
export class ShadowVm extends HostedVm implements VmHardware {
  private readonly shadow: ShadowPageTables;
  private readonly protectedFrames = new Set<number>();
  private readonly shadowContext: ShadowContext;
  private guestCr3: Gpa | null = null;
  private shadowRoot: bigint | null = null;
  /** The hardware walk's entry reader, built once rather than per walk. */
  private readonly readHostEntry: EntryReader = (address) => this.host.memory.readEntry(address);

  /** The guest's CR0.WP, EFER.NXE and paging depth: the shadow tables have the guest's depth. */
  private readonly control: PagingControl;
  private readonly walker: Walker;
  private readonly sync: ShadowSync;
  private readonly hiddenFaults: HiddenFaultHandler;

  constructor(options: HostedVmOptions & { readonly components: Pick<Components, 'walker' | 'shadowSync' | 'hiddenFaultHandler'> }) {
    super(options);
    const { host, guestControl: control, components, context } = options;
    this.control = control;
    this.walker = components.walker;
    this.sync = components.shadowSync;
    this.hiddenFaults = components.hiddenFaultHandler;
    this.shadow = new ShadowPageTables(host, control.levels);
    const self = this;
    const tlb = host.tlb;
    this.shadowContext = {
      control,
      get guestCr3() {
        return self.guestCr3;
      },
      walkGuest: (va, access) => this.walkGuest(va, access),
      guestMemory: {
        readEntry: (address) => this.memoryMap.readEntry(checkedEntryAddress(address, 'readEntry')),
        writeEntry: (address, value) => {
          if (typeof value !== 'bigint' || value < 0n || value >= 1n << 64n) throw new ComponentError(`called guestMemory.writeEntry with value ${describeValue(value)}: an entry is a 64-bit bigint`);
          this.memoryMap.writeEntry(checkedEntryAddress(address, 'writeEntry'), value);
        },
        backFrame: (guestFrame) => {
          if (!Number.isSafeInteger(guestFrame) || guestFrame < 0) throw new ComponentError(`called guestMemory.backFrame with ${describeValue(guestFrame)}: it takes a guest frame number (a gPA shifted right by 12)`);
          return this.memoryMap.back(guestFrame);
        },
      },
      shadow: this.shadow,
      writeProtection: {
        protect: (guestFrame) => {
          this.protectedFrames.add(guestFrame);
        },
        release: (guestFrame) => {
          this.protectedFrames.delete(guestFrame);
        },
        isProtected: (guestFrame) => this.protectedFrames.has(guestFrame),
      },
      tlb: {
        invalidatePage: (va) => {
          if (typeof va !== 'bigint' || va < 0n || va >= 1n << 64n) throw new ComponentError(`called tlb.invalidatePage with ${describeValue(va)}: it takes the guest-virtual address (a bigint) invlpg was given`);
          tlb.invalidatePage(this.vpid, va);
        },
        flushContext: () => {
          tlb.flushContext(this.vpid);
          context.tlbFlushed();
        },
        flushAll: () => {
          tlb.flushVpid(this.vpid);
          context.tlbFlushed();
        },
      },
    };
  }

  /** The hypervisor's state, read-only, for audits (see shadow-invariants.ts). */
  get state(): ShadowState {
    return { shadow: this.shadow, protectedFrames: this.protectedFrames, memoryMap: this.memoryMap, guestCr3: this.guestCr3, shadowRoot: this.shadowRoot, hostMemory: this.host.memory };
  }

  // --- the virtual hardware as the guest kernel sees it ---

  writeEntry(address: Gpa, value: bigint): void {
    const guestFrame = frameNumber(address);
    this.ensureBacked(guestFrame);
    if (this.protectedFrames.has(guestFrame)) {
      this.host.exitAndResume('pt-write');
      blameComponent('shadowSync', () => this.sync.pageTableWrite({ address, value }, this.shadowContext));
    } else {
      this.memoryMap.writeEntry(address, value);
    }
  }

  loadCr3(root: Gpa | null): void {
    this.context.stats.contextSwitches++;
    this.host.exitAndResume('cr3-write');
    this.guestCr3 = root;
    // The hardware's CR3 is being replaced: no root is loaded while cr3Write decides the next one.
    this.shadowRoot = this.shadow.loadRoot(null);
    this.shadowRoot = blameComponent('shadowSync', () => {
      const next = this.sync.cr3Write(root, this.shadowContext);
      if (root !== null && next === null) throw new ComponentError(`returned null from cr3Write for guest CR3 0x${root.toString(16)}: the hardware would have no shadow root to walk (return the shadow of the guest's top-level table)`);
      return this.shadow.loadRoot(next);
    });
  }

  invlpg(va: Gva): void {
    this.context.stats.tlbPageInvalidations++;
    this.host.exitAndResume('invlpg');
    blameComponent('shadowSync', () => this.sync.invlpg(va, this.shadowContext));
  }

  // --- user accesses ---
  translate(va: Gva, access: Access): Translation {
    const memory = this.host.memory;
    for (let attempt = 0; attempt <= MAX_HIDDEN_FAULTS_PER_ACCESS; attempt++) {
      const cached = this.host.tlb.lookup(this.vpid, va, access);
      if (cached !== null) return cached;
      invariant(this.shadowRoot !== null, 'user access with no shadow root loaded');

      const walk = this.walker.walk({ root: this.shadowRoot, va, access, control: this.control }, this.readHostEntry);
      this.context.hardwareWalk(oneDimensionalWalkReferences(this.host.tlb.walkCache, this.vpid, va, walk.steps, this.context.stats.walkCacheHits));
      applyAdWrites(memory, walk.adWrites);
      if (walk.ok) {
        const dirty = (leafAfterWalk(walk.steps, walk.adWrites) & PTE_D) !== 0n;
        this.host.tlb.fill(this.vpid, va, { pageSize: walk.pageSize, physical: walk.address, rights: walk.rights, dirty });
        return walk.address;
      }

      const outcome = blameComponent('hiddenFaultHandler', () => checkedOutcome(this.hiddenFaults.handle({ va, access }, this.shadowContext)));
      if (outcome.kind === 'inject') {
        this.host.exitAndResume('guest-fault');
        return outcome.errorCode;
      }
      this.context.stats.hiddenPageFaults++;
      this.host.exitAndResume('hidden-fault');
    }
    throw new NoProgressError(`access to 0x${va.toString(16)} still faults after ${MAX_HIDDEN_FAULTS_PER_ACCESS} hidden faults`);
  }

  get shadowPageTablePages(): number {
    return this.shadow.pageCount;
  }
  readonly nestedPageTablePages = 0;

  /** The kernel's first touch of a guest frame: the hypervisor backs it (a hidden fault on the direct map). */
  protected ensureBacked(guestFrame: number): void {
    if (this.memoryMap.isBacked(guestFrame)) return;
    this.memoryMap.back(guestFrame);
    this.context.stats.hiddenPageFaults++;
    this.host.exitAndResume('hidden-fault');
  }

  /** A whole-frame store to a protected frame means the guest reuses the frame: the components hear of it first. */
  protected override beforeFrameOverwrite(guestFrame: number): void {
    if (!this.protectedFrames.has(guestFrame)) return;
    this.host.exitAndResume('pt-write');
    blameComponent('shadowSync', () => this.sync.frameOverwrite(guestFrame, this.shadowContext));
  }

  /** The software walk the components ask for: the guest's tables from its CR3, as the hardware would walk them natively. */
  private walkGuest(va: Gva, access: Access): GuestTableWalk {
    const root = this.guestCr3;
    // Only the sync can ask while no process runs (no user access, so no hidden fault, happens then).
    if (root === null) throw new ComponentError('called walkGuest while the guest runs no process (its CR3 is null, as between an exit and the next CR3 load): there is no guest table to walk');
    const walk = this.walker.walk({ root, va, access, control: this.control }, (address) => this.memoryMap.readEntry(address as Gpa));
    if (!walk.ok && (walk.fault.kind === 'non-canonical' || walk.fault.kind === 'access-failed')) {
      // Only a walker that is wrong can say so (the address is a canonical user one; guest memory always reads).
      throw new Error(`the walker ended the guest walk of 0x${va.toString(16)} in ${walk.fault.kind}, which a canonical user address whose entries all read cannot give`);
    }
    return walk as GuestTableWalk;
  }
}

/** The hidden-fault handler's answer, checked: `fixed`, or `inject` with a 32-bit error code and a 64-bit CR2. */
function checkedOutcome(outcome: HiddenFaultOutcome): HiddenFaultOutcome {
  const answer: unknown = outcome;
  if (typeof answer === 'object' && answer !== null && 'kind' in answer) {
    if (answer.kind === 'fixed') return outcome;
    if (answer.kind === 'inject' && 'errorCode' in answer && 'cr2' in answer) {
      const { errorCode, cr2 } = answer;
      if (Number.isSafeInteger(errorCode) && (errorCode as number) >= 0 && (errorCode as number) < 2 ** 32 && typeof cr2 === 'bigint' && cr2 >= 0n && cr2 < 1n << 64n) return outcome;
    }
  }
  throw new ComponentError(`returned ${describeValue(answer)} from handle: it must return { kind: 'fixed' } or { kind: 'inject', errorCode, cr2 } (errorCode a number, cr2 a bigint)`);
}

/** A guest-physical entry address a component passed: 8-byte aligned, inside 64 bits. */
function checkedEntryAddress(address: Gpa, method: string): Gpa {
  const value: unknown = address;
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << 64n || (value & 7n) !== 0n) {
    throw new ComponentError(`called guestMemory.${method} with address ${describeValue(value)}: an entry's gPA is an 8-byte-aligned bigint`);
  }
  return address;
}
