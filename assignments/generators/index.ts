import { ProbeGenerator } from './generator';
import { NESTED_GENERATORS } from './nested-generators';
import { SHADOW_GENERATORS } from './shadow-generators';
import { WALK_GENERATORS } from './walk-generators';

export type { GeneratorRequest, ProbeGenerator } from './generator';

const ALL: readonly ProbeGenerator[] = [...WALK_GENERATORS, ...SHADOW_GENERATORS, ...NESTED_GENERATORS];

/** Every generator a suite may name, by name. */
export const GENERATORS: ReadonlyMap<string, ProbeGenerator> = new Map(ALL.map((generator) => [generator.name, generator]));
