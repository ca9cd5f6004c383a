import { Components } from '../../reference/components';
import { CheckKind } from '../difference';
import { observe } from '../observe';
import { Probe } from '../probe-types';
import { judgedKeys, KeyOfFailure } from './judged-keys';
import { ReferenceVerdicts } from './reference-verdicts';
import { shrinkProbe, ShrinkOptions, ShrunkCase } from './shrink-probe';

/**
 * Shrink a failing case of components run in this process (the project's own
 * realistic bugs, the benchmark): the case's key is its own failure's, and
 * each candidate is observed on `components` here. Undefined when the case
 * does not fail.
 */
export async function shrinkInProcess(probe: Probe, check: CheckKind, components: Components, options: Partial<ShrinkOptions> & { readonly keyOf?: KeyOfFailure } = {}): Promise<ShrunkCase | undefined> {
  const reference = options.reference ?? new ReferenceVerdicts();
  const keysOf = (candidates: readonly Probe[]) =>
    judgedKeys(
      check,
      candidates,
      candidates.map((candidate) => observe(candidate, components)),
      reference,
      options.keyOf,
    );
  const [key] = keysOf([probe]);
  if (key === null) return undefined;
  return shrinkProbe(probe, key, async (candidates) => keysOf(candidates), { ...options, reference });
}
