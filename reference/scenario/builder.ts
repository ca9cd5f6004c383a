import { hex } from '../addresses';
import { MAX_WORD_VALUE } from './limits';
import { resolveScenario } from './resolve';
import { MachineOptions, PageSizeName, Prot, ResolvedScenario, Scenario, ScenarioEvent } from './types';

/**
 * Who does something: a pid (in VM 1, written without `vm`, as the document
 * default has it), or a VM and pid spelled out. Only the fields given are
 * written, so a scenario reads the way its author wrote it.
 */
export type Actor = number | { readonly vm?: number; readonly pid?: number };

/** An address in code: a number (exact below 2^53) or a bigint. Documents get it as a hex string. */
export type Address = number | bigint;

/** The ops that take an address and nothing else. */
export type AddressOp = 'read' | 'exec' | 'inspect' | 'clear-ad' | 'invlpg';

export interface ScenarioBuilderOptions {
  name?: string;
  description?: string;
  /** Left out, the document has no `machine` and every default applies. */
  machine?: MachineOptions;
}

/**
 * A call the builder can tell is wrong from the call alone: a count, id or
 * value that is not an integer in range, an address a number cannot hold
 * exactly. The message names the event it would have become (`events[3]`,
 * the index the validator and the outcomes use) and the field. Whether the
 * scenario makes sense (an access before spawn, an overlapping mmap) is the
 * validator's business: the builder writes what it is told.
 */
export class ScenarioBuilderError extends Error {
  constructor(
    readonly location: string,
    problem: string,
  ) {
    super(`ScenarioBuilder: ${location}: ${problem}`);
    this.name = 'ScenarioBuilderError';
  }
}

/**
 * Scenarios built in code, one event per call: the generators, the
 * experiments' workloads and the tests write through it. It writes events in
 * the contract's document form (docs/scenario-format.md; addresses as hex
 * strings), keeps the books every writer needs (each VM's next unused pid),
 * and gives the document (`build`) or the form the machine runs (`resolve`:
 * defaults filled in, events numbered). Neither validates: `parseScenario`
 * does, where a test wants it.
 */
export class ScenarioBuilder {
  private readonly events: ScenarioEvent[] = [];
  /** VM id → the highest pid spawned or forked in it so far. */
  private readonly highestPid = new Map<number, number>();

  constructor(private readonly options: ScenarioBuilderOptions = {}) {}

  spawn(actor: Actor): this {
    return this.push({ op: 'spawn', ...this.checks('spawn').target(actor) });
  }
  exit(actor: Actor): this {
    return this.push({ op: 'exit', ...this.checks('exit').target(actor) });
  }
  fork(actor: Actor, child: number): this {
    const check = this.checks('fork');
    return this.push({ op: 'fork', ...check.target(actor), child: check.positive('child', child) });
  }
  /** `pageSize` maps the region with large pages ('2M', '1G'); left out, the document has none (4 KiB pages). */
  mmap(actor: Actor, va: Address, pages: number, prot: Prot, pageSize?: PageSizeName): this {
    const check = this.checks('mmap');
    const region = { va: check.address(va), pages: check.positive('pages', pages) };
    return this.push({ op: 'mmap', ...check.target(actor), ...region, prot, ...(pageSize === undefined ? {} : { pageSize }) });
  }
  munmap(actor: Actor, va: Address, pages: number): this {
    const check = this.checks('munmap');
    return this.push({ op: 'munmap', ...check.target(actor), va: check.address(va), pages: check.positive('pages', pages) });
  }
  mprotect(actor: Actor, va: Address, pages: number, prot: Prot): this {
    const check = this.checks('mprotect');
    return this.push({ op: 'mprotect', ...check.target(actor), va: check.address(va), pages: check.positive('pages', pages), prot });
  }
  write(actor: Actor, va: Address, value: number): this {
    const check = this.checks('write');
    return this.push({ op: 'write', ...check.target(actor), va: check.address(va), value: check.word(value) });
  }
  read(actor: Actor, va: Address): this {
    return this.access('read', actor, va);
  }
  exec(actor: Actor, va: Address): this {
    return this.access('exec', actor, va);
  }
  inspect(actor: Actor, va: Address): this {
    return this.access('inspect', actor, va);
  }
  clearAd(actor: Actor, va: Address): this {
    return this.access('clear-ad', actor, va);
  }
  /** The guest kernel's invlpg of the page of `va`, with no PTE change. */
  invlpg(actor: Actor, va: Address): this {
    return this.access('invlpg', actor, va);
  }
  /** One of the ops that take only an address, chosen by the caller (a random mix picks the op). */
  access(op: AddressOp, actor: Actor, va: Address): this {
    const check = this.checks(op);
    return this.push({ op, ...check.target(actor), va: check.address(va) });
  }

  /** Events already in document form (a hand-written list), appended as they are. */
  add(events: readonly ScenarioEvent[]): this {
    for (const event of events) this.push({ ...event });
    return this;
  }

  /** Events so far; the next event gets this index. */
  get length(): number {
    return this.events.length;
  }

  /** A pid no process of VM `vm` has had yet: one above every pid spawned or forked there so far (1 in a fresh VM). */
  freshPid(vm = 1): number {
    return (this.highestPid.get(vm) ?? 0) + 1;
  }

  /** The document: name, description and machine as given (left out when not), and a copy of the events. */
  build(): Scenario {
    const { name, description, machine } = this.options;
    return {
      ...(name === undefined ? {} : { name }),
      ...(description === undefined ? {} : { description }),
      ...(machine === undefined ? {} : { machine }),
      events: [...this.events],
    };
  }

  /** What the machine runs: defaults filled in (machine options, vm 1, pid 1), addresses as bigints, events numbered. Not validated. */
  resolve(): ResolvedScenario {
    return resolveScenario(this.build());
  }

  private push(event: ScenarioEvent): this {
    if (event.op === 'spawn' || event.op === 'fork') {
      const vm = event.vm ?? 1;
      const pid = event.op === 'spawn' ? (event.pid ?? 1) : event.child;
      this.highestPid.set(vm, Math.max(pid, this.highestPid.get(vm) ?? 0));
    }
    this.events.push(event);
    return this;
  }

  /** The checks of the fields of the event about to be appended, saying where: `events[3] (mmap).pages`. */
  private checks(op: ScenarioEvent['op']): FieldChecks {
    return new FieldChecks(`events[${this.events.length}] (${op})`);
  }
}

class FieldChecks {
  constructor(private readonly where: string) {}

  target(actor: Actor): { vm?: number; pid?: number } {
    if (typeof actor === 'number') return { pid: this.positive('pid', actor) };
    return {
      ...(actor.vm === undefined ? {} : { vm: this.positive('vm', actor.vm) }),
      ...(actor.pid === undefined ? {} : { pid: this.positive('pid', actor.pid) }),
    };
  }

  /** As a hex string; a number must be exact (a safe integer), or the address written is not the one meant. */
  address(va: Address): string {
    if (typeof va === 'bigint' ? va < 0n : !Number.isSafeInteger(va) || va < 0) {
      throw this.misuse('va', `must be a non-negative integer${typeof va === 'number' ? ' below 2^53 (a bigint above)' : ''}, got ${va}`);
    }
    return hex(va);
  }

  positive(field: string, value: number): number {
    if (!Number.isSafeInteger(value) || value < 1) throw this.misuse(field, `must be a positive integer, got ${value}`);
    return value;
  }

  word(value: number): number {
    if (!Number.isInteger(value) || value < 0 || value > MAX_WORD_VALUE) throw this.misuse('value', `must be an integer in [0, 2^32), got ${value}`);
    return value;
  }

  private misuse(field: string, problem: string): ScenarioBuilderError {
    return new ScenarioBuilderError(`${this.where}.${field}`, problem);
  }
}
