import { ComponentName } from '../../reference/components';
import { Probe } from '../../observe/probe-types';

/** What a suite entry passes to its generator: a seed (reseeded per student by the grader), how many cases, and the generator's own parameters. */
export interface GeneratorRequest {
  readonly seed: number;
  readonly count: number;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * A seeded generator of probes. Same request, same probes, on every machine:
 * generators draw only from `reference/scenario/random.ts`. A bad `params`
 * value throws an Error naming the parameter (the suite loader locates it).
 */
export interface ProbeGenerator {
  readonly name: string;
  /** One line for instructors reading a suite. */
  readonly description: string;
  /** The component the generated probes exercise. */
  readonly component: ComponentName;
  generate(request: GeneratorRequest): Probe[];
}
