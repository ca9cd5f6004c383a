import { DEFAULT_MACHINE, MachineOptions, ResolvedEvent, ResolvedMachineOptions, ResolvedScenario, Scenario, ScenarioEvent } from './types';

/**
 * A schema-valid document in the form the machine runs: defaults filled in
 * (machine options, vm 1, pid 1, name "scenario"), addresses as bigints, and
 * each event's index. It judges nothing; validate.ts decides what reaches it.
 */
export function resolveScenario(document: Scenario): ResolvedScenario {
  return {
    name: document.name ?? 'scenario',
    machine: resolveMachine(document.machine),
    events: document.events.map(resolveEvent),
  };
}

export function resolveMachine(options: MachineOptions = {}): ResolvedMachineOptions {
  return {
    mode: options.mode ?? DEFAULT_MACHINE.mode,
    vpid: options.vpid ?? DEFAULT_MACHINE.vpid,
    tlb: {
      entries: options.tlb?.entries ?? DEFAULT_MACHINE.tlb.entries,
      ways: options.tlb?.ways ?? DEFAULT_MACHINE.tlb.ways,
    },
    nestedFormat: options.nestedFormat ?? DEFAULT_MACHINE.nestedFormat,
    guestLevels: options.guestLevels ?? DEFAULT_MACHINE.guestLevels,
    nestedLevels: options.nestedLevels ?? DEFAULT_MACHINE.nestedLevels,
    eptAccessedDirty: options.eptAccessedDirty ?? DEFAULT_MACHINE.eptAccessedDirty,
    guestMemoryMiB: options.guestMemoryMiB ?? DEFAULT_MACHINE.guestMemoryMiB,
    hostMemoryMiB: options.hostMemoryMiB ?? DEFAULT_MACHINE.hostMemoryMiB,
    hostPageSize: options.hostPageSize ?? DEFAULT_MACHINE.hostPageSize,
    walkCaches: {
      guest: options.walkCaches?.guest ?? DEFAULT_MACHINE.walkCaches.guest,
      nested: options.walkCaches?.nested ?? DEFAULT_MACHINE.walkCaches.nested,
    },
    nestedTlb: options.nestedTlb ?? DEFAULT_MACHINE.nestedTlb,
  };
}

/** An address as written (a "0x..." string or an integer) as a bigint; the schema has checked its form. */
export function addressValue(literal: string | number): bigint {
  return BigInt(literal);
}

export function resolveEvent(event: ScenarioEvent, index: number): ResolvedEvent {
  const target = { index, vm: event.vm ?? 1, pid: event.pid ?? 1 };
  switch (event.op) {
    case 'spawn':
    case 'exit':
      return { op: event.op, ...target };
    case 'fork':
      return { op: event.op, ...target, child: event.child };
    case 'mmap':
      return {
        op: event.op,
        ...target,
        va: addressValue(event.va),
        pages: event.pages,
        prot: event.prot,
        ...(event.pageSize === undefined ? {} : { pageSize: event.pageSize }),
      };
    case 'mprotect':
      return { op: event.op, ...target, va: addressValue(event.va), pages: event.pages, prot: event.prot };
    case 'munmap':
      return { op: event.op, ...target, va: addressValue(event.va), pages: event.pages };
    case 'write':
      return { op: event.op, ...target, va: addressValue(event.va), value: event.value };
    case 'read':
    case 'exec':
    case 'inspect':
    case 'clear-ad':
    case 'invlpg':
      return { op: event.op, ...target, va: addressValue(event.va) };
  }
}
