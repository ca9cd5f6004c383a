import { TlbComponent, TranslationCache } from '../../reference/tlb/tlb-component';
import { hex } from '../../reference/addresses';
import { describeThrown } from '../describe-thrown';
import { parseHex } from '../memory-image';
import { describeValue, readCount, readEntry } from './read-tlb-result';
import { MAX_TLB_PROBLEM_LENGTH, TlbObservation, TlbOutcome, TlbResidentObservation, TlbStepObservation } from './tlb-observation';
import { canonicalOrder } from './tlb-entry-order';
import { TlbOperation, TlbProbe } from './tlb-probe-types';
import { rightsFromLetters } from './tlb-rights';

/**
 * Create a TLB with `component` and run the probe's operations on it in
 * order, recording what the hardware can see of each: a lookup's miss or hit
 * (the address it translates to and the entry), how many entries an
 * invalidation dropped; then the entries cached at the end, as a set. An
 * operation that throws stops the run there (`stopped`); a create() that
 * throws is the probe's error observation (observe-probe.ts).
 */
export function observeTlb(probe: TlbProbe, component: TlbComponent): TlbObservation {
  const tlb = component.create({ entries: probe.config.entries, ways: probe.config.ways });
  const steps: TlbStepObservation[] = [];
  for (const [index, operation] of probe.operations.entries()) {
    try {
      steps.push({ operation, outcome: runOperation(tlb, operation) });
    } catch (error) {
      return { kind: 'tlb', steps, stopped: { operation: index, message: describeThrown(error) } };
    }
  }
  try {
    return { kind: 'tlb', steps, resident: readResident(tlb.entries(), probe.config.entries) };
  } catch (error) {
    return { kind: 'tlb', steps, stopped: { operation: probe.operations.length, message: describeThrown(error) } };
  }
}

/** One operation; the TLB gets fresh arguments, so nothing it does to them reaches the probe. */
function runOperation(tlb: TranslationCache, operation: TlbOperation): TlbOutcome {
  switch (operation.op) {
    case 'lookup': {
      const va = parseHex(operation.va);
      const found: unknown = tlb.lookup(operation.vpid, operation.pcid, va, { kind: operation.access.kind, user: operation.access.user }, operation.wp);
      if (found === undefined) return { kind: 'miss' };
      const entry = readEntry(found);
      if (!entry.ok) return garbage(`the lookup returned ${entry.problem}`);
      const pageSize = BigInt(entry.value.pageSize);
      return { kind: 'hit', address: hex(BigInt(entry.value.frame) + (va & (pageSize - 1n))), entry: entry.value };
    }
    case 'fill':
      tlb.fill({
        vpid: operation.vpid,
        pcid: operation.pcid,
        global: operation.global,
        va: parseHex(operation.va),
        pageSize: parseHex(operation.pageSize),
        physicalBase: parseHex(operation.physicalBase),
        rights: rightsFromLetters(operation.rights),
        dirty: operation.dirty,
        ...(operation.mappedPageSize === undefined ? {} : { mappedPageSize: parseHex(operation.mappedPageSize) }),
      });
      return { kind: 'filled' };
    case 'invlpg':
      return dropped(tlb.invalidatePage(operation.vpid, operation.pcid, parseHex(operation.va)));
    case 'cr3-write':
      return dropped(tlb.flushContext(operation.vpid, operation.pcid));
    case 'invvpid':
      return dropped(tlb.flushVpid(operation.vpid));
    case 'vm-transition':
      return dropped(tlb.vmTransition(operation.vpidEnabled));
    case 'flush-all':
      return dropped(tlb.flushAll());
  }
}

function dropped(value: unknown): TlbOutcome {
  const count = readCount(value);
  return count.ok ? { kind: 'dropped', count: count.value } : garbage(`the operation ${count.problem}`);
}

function garbage(problem: string): TlbOutcome {
  return { kind: 'garbage', problem: capped(problem) };
}

function capped(problem: string): string {
  return problem.length > MAX_TLB_PROBLEM_LENGTH ? `${problem.slice(0, MAX_TLB_PROBLEM_LENGTH - 4)} […]` : problem;
}

/** entries(), checked and in canonical order; no more than the TLB has ways for. */
function readResident(value: unknown, capacity: number): TlbResidentObservation {
  if (!Array.isArray(value)) return { ok: false, problem: capped(`entries() returned ${describeValue(value)}, not a list of entries`) };
  if (value.length > capacity) return { ok: false, problem: `entries() returned ${value.length} entries; the TLB holds at most ${capacity}` };
  const entries = [];
  for (const [index, item] of value.entries()) {
    const entry = readEntry(item);
    if (!entry.ok) return { ok: false, problem: capped(`entries() returned, at index ${index}, ${entry.problem}`) };
    entries.push(entry.value);
  }
  return { ok: true, entries: canonicalOrder(entries) };
}
