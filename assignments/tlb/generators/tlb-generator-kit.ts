import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { Params, checkParamNames, requirePositiveCount } from '../../generators/generator-params';
import { GEOMETRIES, TlbGeometry } from './tlb-layout';
import { TlbScript } from './tlb-script';

/** How a shaped generator reads its own parameters: the names it knows, and the options it makes of them. */
export interface ParamReader<Options> {
  readonly names: readonly string[];
  read(params: Params): Options;
}

const NO_PARAMS: ParamReader<Record<string, never>> = { names: [], read: () => ({}) };

export interface ShapedTlbGenerator<Options> {
  readonly name: string;
  readonly description: string;
  /** The geometries a case draws from (default: all of GEOMETRIES). */
  readonly geometries?: readonly TlbGeometry[];
  readonly params?: ParamReader<Options>;
  /** Writes one case into the script, drawing every free choice from `script.random`. */
  shape(script: TlbScript, options: Options): void;
}

/**
 * A generator of TLB probes shaped around one rule: each case is a fresh
 * TLB of a geometry drawn from the seed and one script of operations.
 * Cases come from one stream seeded by the request, so a seed always gives
 * the same probes, and any seed gives valid ones (the grader reseeds per
 * student).
 */
export function shapedTlbGenerator<Options = Record<string, never>>(spec: ShapedTlbGenerator<Options>): ProbeGenerator {
  const reader = (spec.params ?? NO_PARAMS) as ParamReader<Options>;
  return {
    name: spec.name,
    component: 'tlb',
    description: spec.description,
    generate({ seed, count, params }) {
      checkParamNames(params, reader.names);
      requirePositiveCount(count);
      const options = reader.read(params);
      const stream = new Random(seed);
      return Array.from({ length: count }, () => {
        const random = new Random(stream.uint32());
        const script = new TlbScript(random.pick(spec.geometries ?? GEOMETRIES), random);
        spec.shape(script, options);
        return script.probe();
      });
    },
  };
}
