import { hex } from '../../reference/addresses';
import { HiddenFaultHandler } from '../../reference/hypervisor/shadow/hidden-fault-handler';
import { HandledFault } from './machine-observation';

/**
 * A hidden-fault handler that records what the handler it wraps decided.
 * The machine keeps only a count of injected faults (the guest's handler
 * sees the access kind, not the error code), so without this log a wrong
 * error code or CR2 would go unseen; on real hardware the guest reads both.
 */
export class FaultLog {
  private entries: HandledFault[] = [];

  constructor(private readonly inner: HiddenFaultHandler) {}

  readonly handler: HiddenFaultHandler = {
    handle: (fault, context) => {
      const outcome = this.inner.handle(fault, context);
      this.entries.push({ va: hex(fault.va), access: fault.access.kind, ...describeOutcome(outcome) });
      return outcome;
    },
  };

  /** The faults handled since the last call. */
  take(): HandledFault[] {
    const taken = this.entries;
    this.entries = [];
    return taken;
  }
}

/** The handler's answer as data; anything that is neither answer is kept as text, for the feedback. */
function describeOutcome(outcome: unknown): Pick<HandledFault, 'result' | 'errorCode' | 'cr2' | 'returned'> {
  if (typeof outcome === 'object' && outcome !== null && 'kind' in outcome) {
    if (outcome.kind === 'fixed') return { result: 'fixed' };
    if (outcome.kind === 'inject' && 'errorCode' in outcome && 'cr2' in outcome) {
      const { errorCode, cr2 } = outcome;
      if (Number.isSafeInteger(errorCode) && (errorCode as number) >= 0 && typeof cr2 === 'bigint' && cr2 >= 0n) {
        return { result: 'inject', errorCode: hex(errorCode as number), cr2: hex(cr2) };
      }
    }
  }
  return { result: 'invalid', returned: showValue(outcome) };
}

function showValue(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? hex(item) : item));
    return (text ?? String(value)).slice(0, 200);
  } catch {
    return String(value).slice(0, 200);
  }
}
