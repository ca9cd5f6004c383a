import { GENERATORS } from '../generators';
import { ExpandedTest } from '../../observe/test-case';
import { Random } from '../../reference/scenario/random';
import { AssignmentInvalidError } from './assignment-problems';
import { LoadedSuite } from './loaded-assignment';
import { SuiteTest } from './manifest-types';

export interface ExpandOptions {
  /**
   * A per-student seed: each generator's seed is mixed with it, so every
   * student gets their own variant of the generated tests. Literal probes
   * never change. Omitted: the suite's own seeds.
   */
  readonly studentSeed?: number;
}

/** Every test of a suite with its cases made concrete. A generator that refuses its params is a located error. */
export function expandSuite(suite: LoadedSuite, options: ExpandOptions = {}): ExpandedTest[] {
  return suite.document.tests.map((test, index) => expandTest(test, suite.reference.name, options, `${suite.file}: tests[${index}]`));
}

function expandTest(test: SuiteTest, suiteName: string, options: ExpandOptions, at: string): ExpandedTest {
  const { probes, generate, ...description } = test;
  if (probes !== undefined) return { ...description, suite: suiteName, probes };
  if (generate === undefined) throw new AssignmentInvalidError([`${at}: has neither probes nor generate`]);
  const generator = GENERATORS.get(generate.generator);
  if (generator === undefined) throw new AssignmentInvalidError([`${at}.generate.generator: no generator "${generate.generator}"`]);
  const seed = options.studentSeed === undefined ? generate.seed : mixSeeds(generate.seed, options.studentSeed);
  try {
    const generated = generator.generate({ seed, count: generate.count, params: generate.params ?? {} });
    return { ...description, suite: suiteName, seed, probes: generated };
  } catch (error) {
    throw new AssignmentInvalidError([`${at}.generate: ${generate.generator}: ${error instanceof Error ? error.message : String(error)}`]);
  }
}

/** Two 32-bit seeds into one, so nearby student seeds give unrelated streams. */
export function mixSeeds(suiteSeed: number, studentSeed: number): number {
  return new Random((suiteSeed ^ Math.imul(studentSeed >>> 0, 0x9e3779b1)) >>> 0).uint32();
}
