import { AuditedMutant, tallyOf } from './run-audit';
import { equivalenceReason, equivalentMarks } from './equivalent-marks';
import { Mutant, MutantOutcome, MutationKind } from './mutant';

const SOURCE = [
  'function f(a: number): number {',
  '  // audit-equivalent(relational <=, constant): the bound is never reached',
  '  for (let i = 0; i < 4; i++) a++;',
  '  // audit-equivalent(all): a shortcut that only saves work',
  '  if (a > 0) return a;',
  '  return 0;',
  '}',
].join('\n');

test('a mark covers the mutants it names on the line below it, with its reason', () => {
  const marks = equivalentMarks(SOURCE, 'f.ts');
  const reason = (line: number, kind: MutationKind, replacement: string) => equivalenceReason(marks, { line, kind, replacement });
  expect(reason(3, 'relational', '<=')).toBe('the bound is never reached');
  expect(reason(3, 'relational', '>=')).toBeUndefined();
  expect(reason(3, 'constant', '5')).toBe('the bound is never reached');
  expect(reason(3, 'constant', '1')).toBe('the bound is never reached');
  expect(reason(3, 'arithmetic', '--')).toBeUndefined();
  expect(reason(5, 'negated-condition', '!(a > 0)')).toBe('a shortcut that only saves work');
  expect(reason(6, 'removed-statement', '')).toBeUndefined();
});

test.each([
  ['// audit-equivalent: no kinds', /f\.ts:1: an audit-equivalent mark reads/],
  ['// audit-equivalent(relatinal): typo\nx();', /f\.ts:1: unknown mutation kind relatinal/],
  ['// audit-equivalent(all): nothing below', /f\.ts:1: .*right above the line it covers/],
  ['// audit-equivalent(all): a blank line below\n\nx();', /f\.ts:1: .*right above the line it covers/],
])('a malformed mark is refused with its place: %j', (source, message) => {
  expect(() => equivalentMarks(source, 'f.ts')).toThrow(message);
});

const mutant = (equivalent: string | undefined, outcome: MutantOutcome): AuditedMutant => {
  const base: Mutant = { id: 'x', kind: 'relational', component: 'tlb', file: 'f.ts', start: 0, end: 0, replacement: '', line: 1, column: 1, before: '', after: '' };
  return { ...base, ...(equivalent === undefined ? {} : { equivalent }), outcome };
};

test('a surviving mutant marked equivalent is set apart; a killed one counts as killed (its mark is wrong)', () => {
  const survived: MutantOutcome = { status: 'survived' };
  const killed: MutantOutcome = { status: 'killed', by: 'test' };
  const tally = tallyOf([mutant(undefined, killed), mutant(undefined, survived), mutant('reason', survived), mutant('reason', killed)]);
  expect(tally).toEqual({ killed: 2, total: 3, killRate: 2 / 3, equivalent: 1 });
  expect(tallyOf([mutant('reason', survived)])).toEqual({ killed: 0, total: 0, killRate: 1, equivalent: 1 });
});
