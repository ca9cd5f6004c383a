import { describeRights } from '../reference/paging/rights';
import { Difference } from './difference';
import { entryName } from './level-names';
import { pairedLength } from './paired-length';
import { WalkObservation, WalkStepObservation } from './walk-probe';

/**
 * The first divergence between two walks, in the order the hardware works:
 * each entry read (which one, what it held), then the outcome, then the A/D
 * bits. A walk that read the wrong entry at level 3 is reported there, not
 * as a wrong final address. A walk that read the right entries but stopped
 * earlier or later is reported by its outcome (the fault expected, the fault
 * or translation got, with levels): the step count is only the symptom of
 * the check that stopped the walk, or failed to.
 */
export function compareWalks(expected: WalkObservation, got: WalkObservation): Difference | null {
  const steps = pairedLength(expected.steps, got.steps, 'walk steps');
  const common = Math.min(expected.steps.length, got.steps.length);
  for (let i = 0; i < common; i++) {
    const difference = compareStep(i, expected.steps[i], got.steps[i]);
    if (difference !== null) return difference;
  }
  if (steps > common) {
    const outcome = compareResults(expected.result, got.result);
    if (outcome !== null) return { ...outcome, message: `${outcome.message} ${stoppingPlace(expected, got)}` };
    return compareStep(common, expected.steps[common], got.steps[common]);
  }
  return compareResults(expected.result, got.result) ?? compareAdWrites(expected, got);
}

/** Where the walk should have stopped and where it did, for an outcome reported in place of a step count. */
function stoppingPlace(expected: WalkObservation, got: WalkObservation): string {
  const entries = (count: number) => `${count} ${count === 1 ? 'entry' : 'entries'}`;
  const stops = `The walk stops after ${entries(expected.steps.length)}`;
  return got.steps.length > expected.steps.length ? `${stops}; yours read on.` : `${stops}; yours stopped after ${entries(got.steps.length)}.`;
}

function compareStep(i: number, expected: WalkStepObservation | undefined, got: WalkStepObservation | undefined): Difference | null {
  const where = `step ${i + 1}`;
  if (expected === undefined) {
    return { where, step: i, field: 'entry read', expected: 'no further read', got: `a read of ${got!.entryAddress}`, message: `The walk should have stopped after ${i} entries, but yours read another one.` };
  }
  if (got === undefined) {
    return { where, step: i, field: 'entry read', expected: `a read of the ${entryName(expected.level)} at ${expected.entryAddress}`, got: 'the walk had stopped', message: `Your walk stopped after ${i} entries; it should have read the ${entryName(expected.level)} next.` };
  }
  const at = `${where}: the ${entryName(expected.level)}`;
  if (got.level !== expected.level) {
    return { where: at, step: i, field: 'level', expected: String(expected.level), got: String(got.level), message: 'The step is reported at the wrong level.' };
  }
  if (got.index !== expected.index || got.entryAddress !== expected.entryAddress) {
    return {
      where: at,
      step: i,
      field: 'entry address',
      expected: `${expected.entryAddress} (index ${expected.index})`,
      got: `${got.entryAddress} (index ${got.index})`,
      message: 'The walk read the wrong entry: check the index bits taken from the address and the table base taken from the entry above.',
    };
  }
  if (got.entry !== expected.entry) {
    return { where: at, step: i, field: 'entry value', expected: expected.entry, got: got.entry, message: 'The entry reported is not the one in memory at that address.' };
  }
  return null;
}

function compareResults(expected: WalkObservation['result'], got: WalkObservation['result']): Difference | null {
  const where = 'outcome';
  if (expected.ok && !got.ok) {
    return { where, field: 'fault', expected: describeTranslation(expected), got: describeWalkFault(got), message: 'The access should have been allowed.' };
  }
  if (!expected.ok && got.ok) {
    return { where, field: 'fault', expected: describeWalkFault(expected), got: describeTranslation(got), message: 'The access should have faulted.' };
  }
  if (!expected.ok && !got.ok) {
    if (expected.fault !== got.fault || expected.level !== got.level) {
      return { where, field: 'fault', expected: describeWalkFault(expected), got: describeWalkFault(got), message: 'The walk faulted, but for the wrong reason or at the wrong level.' };
    }
    return null;
  }
  if (expected.ok && got.ok) {
    for (const field of ['address', 'pageSize', 'leafLevel'] as const) {
      if (expected[field] !== got[field]) {
        return { where, field: field === 'address' ? 'translated address' : field === 'pageSize' ? 'page size' : 'leaf level', expected: String(expected[field]), got: String(got[field]), message: 'The translation is wrong.' };
      }
    }
    if (expected.rights !== got.rights) {
      return { where, field: 'rights', expected: describeRights(expected.rights), got: describeRights(got.rights), message: 'The combined rights of the walk are wrong: they are the AND of every level.' };
    }
  }
  return null;
}

function compareAdWrites(expected: WalkObservation, got: WalkObservation): Difference | null {
  const show = (walk: WalkObservation) => (walk.adWrites.length === 0 ? 'none' : walk.adWrites.map((write) => `${write.bits} into ${write.entryAddress}`).join(', '));
  // Compared write by write, field by field: joined text could be made to match by a field holding ", ".
  const count = pairedLength(expected.adWrites, got.adWrites, 'A/D writes');
  const same = (i: number) => {
    const [want, have] = [expected.adWrites[i], got.adWrites[i]];
    return want !== undefined && have !== undefined && want.level === have.level && want.entryAddress === have.entryAddress && want.bits === have.bits;
  };
  if (Array.from({ length: count }, (_, i) => i).every(same)) return null;
  return { where: 'A/D writes', field: 'accessed/dirty bits', expected: show(expected), got: show(got), message: 'The accessed/dirty bits the walk sets are wrong: which entries, which bits, or in which order.' };
}

/** "a protection fault at level 1", "an access-failed fault at level 2": how feedback names the fault of a walk. */
export function describeWalkFault(result: Extract<WalkObservation['result'], { ok: false }>): string {
  const fault = `${/^[aeiou]/.test(String(result.fault)) ? 'an' : 'a'} ${result.fault} fault`;
  return result.level === undefined ? fault : `${fault} at level ${result.level}`;
}

/** "a translation to 0x5abc by the PTE (level 1)": where a walk that translated stopped. */
function describeTranslation(result: Extract<WalkObservation['result'], { ok: true }>): string {
  return `a translation to ${result.address} by the ${entryName(result.leafLevel)}`;
}
