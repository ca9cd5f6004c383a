import { NestedWalkProbe } from '../../../observe/probe-types';
import { Random } from '../../../reference/scenario/random';
import { GeneratorRequest, ProbeGenerator } from '../../generators/generator';

/** One kind of case a generator makes, built afresh (random layout, random details) for every case. */
export interface Situation {
  readonly name: string;
  build(random: Random): NestedWalkProbe;
}

/** A nested-walk generator: parses its params into the situations it cycles through. */
export interface SituationGenerator extends ProbeGenerator {
  /** The situations `params` select, in the order cases cycle through them. */
  situations(params: GeneratorRequest['params']): readonly Situation[];
}

/**
 * Case i is situation i mod n, so any count of at least n covers every
 * situation. Each case draws from a Random of its own, seeded from the
 * request's seed in turn: the same request gives the same probes, and case i
 * does not change when the count does.
 */
export function situationGenerator(definition: {
  readonly name: string;
  readonly description: string;
  situations(params: GeneratorRequest['params']): readonly Situation[];
}): SituationGenerator {
  return {
    name: definition.name,
    description: definition.description,
    component: 'nestedWalker',
    situations: definition.situations,
    generate(request) {
      const situations = definition.situations(request.params);
      const seeds = new Random(request.seed);
      return Array.from({ length: request.count }, (_, i) => situations[i % situations.length].build(new Random(seeds.uint32())));
    },
  };
}

/**
 * A string parameter with a fixed set of values. Unknown parameter names are
 * refused too, so a typo in a suite does not silently fall back to a default.
 */
export function readParams<K extends string>(
  params: GeneratorRequest['params'],
  allowed: { readonly [key in K]: { readonly values: readonly string[]; readonly default: string } },
): Record<K, string> {
  for (const key of Object.keys(params)) {
    if (!(key in allowed)) throw new Error(`params.${key}: unknown parameter (known: ${Object.keys(allowed).join(', ') || 'none'})`);
  }
  const values = {} as Record<K, string>;
  for (const key of Object.keys(allowed) as K[]) {
    const value = params[key] ?? allowed[key].default;
    if (typeof value !== 'string' || !allowed[key].values.includes(value)) {
      throw new Error(`params.${key}: must be one of ${allowed[key].values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
    }
    values[key] = value;
  }
  return values;
}
