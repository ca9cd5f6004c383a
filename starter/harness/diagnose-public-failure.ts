import { readFileSync } from 'fs';
import { diagnoseCase } from '../../assignments/framework/diagnose';
import { AssignmentRule } from '../../assignments/framework/manifest-types';
import { Misconception } from '../../assignments/framework/misconception';
import { DiagnoseFailure } from './run-public-test';

/**
 * The diagnosis of a failing public test, as the grader makes it, with the
 * rules of the public manifest (`manifestFile`). A handout holds no misconception catalogue
 * (its recognisers restate the rules: grader/handout/check-contents.ts), so
 * there it names the rule the test states; `catalogue` is for callers that
 * have one. Loaded on the first failure, so passing runs pay nothing.
 */
export function publicFailureDiagnoser(manifestFile: string, catalogue: () => readonly Misconception[] = () => []): DiagnoseFailure {
  let loaded: { readonly misconceptions: readonly Misconception[]; readonly rules: readonly AssignmentRule[] } | undefined;
  return (failure, test) => {
    loaded ??= { misconceptions: catalogue(), rules: manifestRules(manifestFile) };
    return diagnoseCase(loaded.misconceptions, loaded.rules, { ...failure, test: { id: test.id, component: test.component, rules: test.rules ?? [] } });
  };
}

/** The rules of the public manifest vmlab handout wrote (none when it states none); a file that is not one says where. */
export function manifestRules(file: string): AssignmentRule[] {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the public manifest (${error instanceof Error ? error.message : String(error)}); rebuild the handout with vmlab handout`);
  }
  const rules = (manifest as { rules?: unknown } | null)?.rules;
  if (rules === undefined) return [];
  const isRule = (rule: unknown) => typeof rule === 'object' && rule !== null && ['id', 'part', 'title', 'spec'].every((key) => typeof (rule as Record<string, unknown>)[key] === 'string');
  if (!Array.isArray(rules) || !rules.every(isRule)) throw new Error(`${file}: rules: not a list of rules (id, part, title, spec); rebuild the handout with vmlab handout`);
  return rules as AssignmentRule[];
}
