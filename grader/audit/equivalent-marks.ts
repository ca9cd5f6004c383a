import { MutationKind } from './mutant';

/**
 * A reviewed claim in a reference solution's source that the mutants of one
 * line are equivalent to the reference: they change how it computes, never
 * what (a shortcut that only saves work, a bound no entry reaches). Written
 * on the line before, with the mutants it covers and why:
 *
 *   // audit-equivalent(relational <=, constant 3): the slot past a set never holds this page
 *
 * Each item is a kind, alone (every mutant of that kind on the line) or with
 * the replacement text (only the mutants that write it); `all` covers every
 * mutant of the line. The audit still runs every marked mutant: one a
 * test kills was marked wrongly, and the audit says so. The survivors it
 * covers are listed apart, with the reason, instead of counting against the
 * suites, which could not tell them from the reference however good.
 */
export interface EquivalentMark {
  /** 1-based line the mark covers: the line after the comment. */
  readonly line: number;
  /** 'all', or the mutants covered: a kind, and the replacement when the mark names one. */
  readonly covers: 'all' | ReadonlyArray<{ readonly kind: MutationKind; readonly replacement?: string }>;
  readonly reason: string;
}

const MARK = /^\s*\/\/\s*audit-equivalent\(([^)]*)\):\s*(.*\S)\s*$/;

const KINDS: readonly MutationKind[] = [
  'relational',
  'equality',
  'arithmetic',
  'bitwise',
  'logical',
  'boolean',
  'constant',
  'negated-condition',
  'removed-statement',
  'swapped-arguments',
];

/** The marks of a source file; a malformed one throws, naming the file and line (a typo must not silently mark nothing). */
export function equivalentMarks(text: string, file: string): EquivalentMark[] {
  const lines = text.split('\n');
  const marks: EquivalentMark[] = [];
  lines.forEach((line, index) => {
    if (!line.includes('audit-equivalent')) return;
    const where = `${file}:${index + 1}`;
    const match = MARK.exec(line);
    if (match === null) throw new Error(`${where}: an audit-equivalent mark reads "// audit-equivalent(KIND [REPLACEMENT], ...): REASON"`);
    const items = match[1].split(',').map((item) => item.trim().split(/\s+/));
    const unknown = items.map(([kind]) => kind).filter((kind) => kind !== 'all' && !KINDS.includes(kind as MutationKind));
    if (unknown.length > 0) throw new Error(`${where}: unknown mutation kind ${unknown.map((kind) => kind || '(none)').join(', ')}; known: all, ${KINDS.join(', ')}`);
    if (index + 1 >= lines.length || lines[index + 1].trim() === '') throw new Error(`${where}: an audit-equivalent mark must stand right above the line it covers`);
    const covers = items.some(([kind]) => kind === 'all')
      ? 'all'
      : items.map(([kind, ...replacement]) => ({ kind: kind as MutationKind, ...(replacement.length === 0 ? {} : { replacement: replacement.join(' ') }) }));
    marks.push({ line: index + 2, covers, reason: match[2] });
  });
  return marks;
}

/** The reason a mutant (of `kind`, writing `replacement`, on `line`) is marked equivalent, if it is. */
export function equivalenceReason(marks: readonly EquivalentMark[], mutant: { readonly line: number; readonly kind: MutationKind; readonly replacement: string }): string | undefined {
  const covered = (mark: EquivalentMark) =>
    mark.covers === 'all' || mark.covers.some((item) => item.kind === mutant.kind && (item.replacement === undefined || item.replacement === mutant.replacement));
  return marks.find((mark) => mark.line === mutant.line && covered(mark))?.reason;
}
