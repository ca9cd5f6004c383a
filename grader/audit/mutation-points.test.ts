import { applyMutation } from './mutant';
import { findMutations } from './mutation-points';

const SNIPPET = `import { helper } from './helper';
// a comment with a < b and 42
export interface Shape { readonly size: 3 | 4; flag: true }
type Alias = 7;
export function f(a: number, b: number, ok: boolean): number {
  if (a < b) {
    return a + 1;
  }
  const mask = 0xffn & 2n;
  log(a, b);
  if (!ok)
    throw new Error(\`bad \${a + b} > 9\`);
  const text = 'x < 5' + a;
  invariant(a >= 0 && b > 1, 'a is a count');
  return ok && a === b ? Number(mask) : 0;
}
`;

describe('findMutations', () => {
  const mutations = findMutations(SNIPPET);
  const edits = mutations.map((m) => `${m.kind} ${SNIPPET.slice(m.start, m.end)} -> ${m.replacement}`);

  it('finds operators, constants, booleans, negated conditions, removed statements and swapped arguments, in source order', () => {
    expect(edits).toEqual([
      'negated-condition a < b -> !(a < b)',
      'relational < -> <=',
      'relational < -> >=',
      'removed-statement return a + 1; -> ',
      'arithmetic + -> -',
      'constant 1 -> 2',
      'constant 1 -> 0',
      'constant 0xffn -> 0x100n',
      'constant 0xffn -> 0x0n',
      'bitwise & -> |',
      'constant 2n -> 3n',
      'constant 2n -> 0n',
      'removed-statement log(a, b); -> ',
      'swapped-arguments a, b -> b, a',
      'negated-condition !ok -> !(!ok)',
      'logical && -> ||',
      'equality === -> !==',
      'constant 0 -> 1',
    ]);
    expect(mutations.every((m, i) => i === 0 || m.start >= mutations[i - 1].start)).toBe(true);
  });

  it('skips imports, comments, type-only code, strings, templates, throws and invariants', () => {
    const touchedLines = new Set(mutations.map((m) => m.line));
    // 1 import, 2 comment, 3 interface, 4 type alias, 12 throw with a template, 13 string concatenation, 14 invariant
    for (const line of [1, 2, 3, 4, 12, 13, 14]) expect(touchedLines.has(line)).toBe(false);
  });

  it('gives each mutant exactly its one edit, with the changed line before and after', () => {
    for (const mutation of mutations) {
      const mutated = applyMutation(SNIPPET, mutation);
      expect(mutated.slice(0, mutation.start)).toBe(SNIPPET.slice(0, mutation.start));
      expect(mutated.slice(mutation.start + mutation.replacement.length)).toBe(SNIPPET.slice(mutation.end));
      expect(mutated).not.toBe(SNIPPET);
      expect(SNIPPET.split('\n')[mutation.line - 1]).toBe(mutation.before);
      expect(mutated.split('\n')[mutation.line - 1]).toBe(mutation.after);
    }
    const relational = mutations.find((m) => m.kind === 'relational')!;
    expect({ line: relational.line, column: relational.column, after: relational.after }).toEqual({ line: 6, column: 9, after: '  if (a <= b) {' });
  });
});
