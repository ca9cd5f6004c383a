import { readFileSync } from 'fs';
import * as path from 'path';
import { GoldenSuite } from '../../observe/test-case';

/**
 * The public suite's goldens, written by `vmlab goldens`. Only their outline
 * is checked here (a damaged or hand-edited file should fail loudly, not
 * silently test nothing); their cases are the grader's own data.
 */
export function loadGoldens(handoutRoot: string, file: string): GoldenSuite {
  const fullPath = path.join(handoutRoot, file);
  const value: unknown = JSON.parse(readFileSync(fullPath, 'utf8'));
  if (!isGoldenSuite(value)) throw new Error(`${fullPath} is not a goldens file: regenerate it with vmlab goldens`);
  return value;
}

function isGoldenSuite(value: unknown): value is GoldenSuite {
  if (typeof value !== 'object' || value === null) return false;
  const suite = value as Record<string, unknown>;
  return (
    typeof suite.assignment === 'string' &&
    Array.isArray(suite.tests) &&
    suite.tests.length > 0 &&
    suite.tests.every((test: unknown) => {
      if (typeof test !== 'object' || test === null) return false;
      const { id, title, cases } = test as Record<string, unknown>;
      return typeof id === 'string' && typeof title === 'string' && Array.isArray(cases) && cases.length > 0;
    })
  );
}
