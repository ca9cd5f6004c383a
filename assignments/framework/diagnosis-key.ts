import { Misconception } from './misconception';
import { diagnoseCase } from './diagnose';
import { AssignmentRule } from './manifest-types';
import { differenceKey, ruleKey } from '../../observe/shrink/failure-key';
import { KeyOfFailure } from '../../observe/shrink/judged-keys';
import { ComponentName } from '../../reference/components';

/**
 * The failure key a shrink keeps (observe/shrink/failure-key.ts) for a case of
 * this test: the diagnosis' rule and misconception when the catalogue
 * recognises the case, else the first difference's field and kind of place.
 * A diagnosis that only falls back on the test's one rule says nothing about
 * this case's difference, so it is not used: every failure of the test would
 * share it, a crash included.
 */
export function diagnosisKey(
  catalogue: readonly Misconception[],
  rules: readonly AssignmentRule[],
  test: { readonly id: string; readonly component: ComponentName; readonly rules?: readonly string[] },
): KeyOfFailure {
  return (failed) => {
    const diagnosis = diagnoseCase(catalogue, rules, { ...failed, test: { id: test.id, component: test.component, rules: test.rules ?? [] } });
    const misconception = diagnosis?.misconception;
    return diagnosis === undefined || misconception === undefined ? differenceKey(failed.difference) : `${ruleKey(diagnosis.rule)}: ${misconception.id}`;
  };
}
