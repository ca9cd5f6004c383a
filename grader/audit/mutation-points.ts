import * as ts from 'typescript';
import { Mutation, MutationKind, applyMutation } from './mutant';

/** Operator replacements, per operator token: each alternative is one mutant. */
const OPERATOR_MUTATIONS: ReadonlyMap<ts.SyntaxKind, { readonly kind: MutationKind; readonly to: readonly string[] }> = new Map([
  [ts.SyntaxKind.LessThanToken, { kind: 'relational', to: ['<=', '>='] }],
  [ts.SyntaxKind.LessThanEqualsToken, { kind: 'relational', to: ['<', '>'] }],
  [ts.SyntaxKind.GreaterThanToken, { kind: 'relational', to: ['>=', '<='] }],
  [ts.SyntaxKind.GreaterThanEqualsToken, { kind: 'relational', to: ['>', '<'] }],
  [ts.SyntaxKind.EqualsEqualsEqualsToken, { kind: 'equality', to: ['!=='] }],
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, { kind: 'equality', to: ['==='] }],
  [ts.SyntaxKind.EqualsEqualsToken, { kind: 'equality', to: ['!='] }],
  [ts.SyntaxKind.ExclamationEqualsToken, { kind: 'equality', to: ['=='] }],
  [ts.SyntaxKind.PlusToken, { kind: 'arithmetic', to: ['-'] }],
  [ts.SyntaxKind.MinusToken, { kind: 'arithmetic', to: ['+'] }],
  [ts.SyntaxKind.AsteriskToken, { kind: 'arithmetic', to: ['/'] }],
  [ts.SyntaxKind.SlashToken, { kind: 'arithmetic', to: ['*'] }],
  [ts.SyntaxKind.PercentToken, { kind: 'arithmetic', to: ['*'] }],
  [ts.SyntaxKind.AmpersandToken, { kind: 'bitwise', to: ['|'] }],
  [ts.SyntaxKind.BarToken, { kind: 'bitwise', to: ['&'] }],
  [ts.SyntaxKind.CaretToken, { kind: 'bitwise', to: ['&'] }],
  [ts.SyntaxKind.LessThanLessThanToken, { kind: 'bitwise', to: ['>>'] }],
  [ts.SyntaxKind.GreaterThanGreaterThanToken, { kind: 'bitwise', to: ['<<'] }],
  [ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, { kind: 'bitwise', to: ['<<'] }],
  [ts.SyntaxKind.PlusEqualsToken, { kind: 'arithmetic', to: ['-='] }],
  [ts.SyntaxKind.MinusEqualsToken, { kind: 'arithmetic', to: ['+='] }],
  [ts.SyntaxKind.AmpersandEqualsToken, { kind: 'bitwise', to: ['|='] }],
  [ts.SyntaxKind.BarEqualsToken, { kind: 'bitwise', to: ['&='] }],
  [ts.SyntaxKind.AmpersandAmpersandToken, { kind: 'logical', to: ['||'] }],
  [ts.SyntaxKind.BarBarToken, { kind: 'logical', to: ['&&'] }],
]);

/**
 * Every mutation point of a TypeScript source, in source order (ties: the
 * order the rules below produce them): operators, boolean and numeric
 * literals, negated `if` conditions, removed statements, swapped arguments.
 * Skipped: comments (never in the AST), imports and exports-from, type-only
 * code (types, interfaces, type aliases, `declare`), everything inside a
 * `throw`, a string or a template: those only shape error messages, and a
 * mutant there is either equivalent or tests the wording; and `invariant(…)`
 * statements: an assertion of what always holds is a conditional throw that
 * never fires, so every mutant of it survives.
 */
export function findMutations(text: string, fileName = 'source.ts'): Mutation[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Array<Omit<Mutation, 'line' | 'column' | 'before' | 'after'>> = [];
  const add = (kind: MutationKind, start: number, end: number, replacement: string) => found.push({ kind, start, end, replacement });

  const visit = (node: ts.Node): void => {
    if (isSkipped(node)) return;
    if (ts.isBinaryExpression(node)) {
      const rule = OPERATOR_MUTATIONS.get(node.operatorToken.kind);
      if (rule !== undefined && !isStringConcatenation(node)) {
        for (const to of rule.to) add(rule.kind, node.operatorToken.getStart(source), node.operatorToken.end, to);
      }
    } else if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      add('boolean', node.getStart(source), node.end, node.kind === ts.SyntaxKind.TrueKeyword ? 'false' : 'true');
    } else if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node)) {
      for (const replacement of constantMutations(node.text, ts.isBigIntLiteral(node), node.getText(source))) add('constant', node.getStart(source), node.end, replacement);
    } else if (ts.isIfStatement(node)) {
      add('negated-condition', node.expression.getStart(source), node.expression.end, `!(${node.expression.getText(source)})`);
    } else if (ts.isExpressionStatement(node) && (ts.isBlock(node.parent) || ts.isCaseClause(node.parent)) && !ts.isStringLiteral(node.expression)) {
      add('removed-statement', node.getStart(source), node.end, '');
    } else if (ts.isReturnStatement(node) && ts.isBlock(node.parent) && !isLastStatementOfFunction(node)) {
      // An early return removed: the code falls through to what follows it.
      add('removed-statement', node.getStart(source), node.end, '');
    } else if (ts.isCallExpression(node) && node.arguments.length === 2 && looksSameTyped(node.arguments[0], node.arguments[1], source)) {
      const [first, second] = node.arguments;
      const between = text.slice(first.end, second.getStart(source));
      add('swapped-arguments', first.getStart(source), second.end, `${second.getText(source)}${between}${first.getText(source)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  return found
    .map((mutation, order) => ({ mutation, order }))
    .sort((a, b) => a.mutation.start - b.mutation.start || a.order - b.order)
    .map(({ mutation }) => ({ ...mutation, ...describeEdit(text, mutation) }));
}

/** Nodes whose whole subtree is not mutated. */
function isSkipped(node: ts.Node): boolean {
  return (
    ts.isImportDeclaration(node) ||
    ts.isImportEqualsDeclaration(node) ||
    (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isTypeNode(node) ||
    ts.isThrowStatement(node) ||
    isInvariantStatement(node) ||
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node) ||
    ts.isTaggedTemplateExpression(node) ||
    (ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DeclareKeyword))
  );
}

/** `invariant(condition, message);` as a statement of its own. */
function isInvariantStatement(node: ts.Node): boolean {
  return ts.isExpressionStatement(node) && ts.isCallExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'invariant';
}

/** `'a' + x`: building a string, not computing a number. */
function isStringConcatenation(node: ts.BinaryExpression): boolean {
  const stringy = (side: ts.Expression) => ts.isStringLiteral(side) || ts.isTemplateExpression(side) || ts.isNoSubstitutionTemplateLiteral(side);
  return (node.operatorToken.kind === ts.SyntaxKind.PlusToken || node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) && (stringy(node.left) || stringy(node.right));
}

/** n → n + 1 and n → 0 (0 → 1 only), written in the literal's own base. */
function constantMutations(value: string, bigint: boolean, written: string): string[] {
  const hex = /^0x/i.test(written);
  const suffix = bigint ? 'n' : '';
  const format = (n: bigint) => (hex ? `0x${n.toString(16)}` : n.toString()) + suffix;
  let n: bigint;
  try {
    n = BigInt(bigint ? value.replace(/n$/, '') : value);
  } catch {
    return []; // a fraction or an exponent: not worth a rule of its own
  }
  return n === 0n ? [format(1n)] : [format(n + 1n), format(0n)];
}

function isLastStatementOfFunction(node: ts.ReturnStatement): boolean {
  const block = node.parent as ts.Block;
  return ts.isFunctionLike(block.parent) && block.statements[block.statements.length - 1] === node;
}

/**
 * Best effort without a type checker: two arguments whose swap still looks
 * like a call a programmer could write: both names or property reads, or both
 * numbers. Calls with a literal of another kind, a function or an object are
 * left alone.
 */
function looksSameTyped(a: ts.Expression, b: ts.Expression, source: ts.SourceFile): boolean {
  const shape = (e: ts.Expression) =>
    ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) ? 'name' : ts.isNumericLiteral(e) ? 'number' : ts.isBigIntLiteral(e) ? 'bigint' : 'other';
  return shape(a) !== 'other' && shape(a) === shape(b) && a.getText(source) !== b.getText(source);
}

/** Where an edit starts and the lines it touches, before and after. */
function describeEdit(text: string, mutation: Pick<Mutation, 'start' | 'end' | 'replacement'>): Pick<Mutation, 'line' | 'column' | 'before' | 'after'> {
  const lineStart = text.lastIndexOf('\n', mutation.start - 1) + 1;
  const lineEndAt = (from: number, within: string) => {
    const end = within.indexOf('\n', from);
    return end === -1 ? within.length : end;
  };
  const line = text.slice(0, mutation.start).split('\n').length;
  const mutated = applyMutation(text, mutation);
  return {
    line,
    column: mutation.start - lineStart + 1,
    before: text.slice(lineStart, lineEndAt(mutation.end, text)),
    after: mutated.slice(lineStart, lineEndAt(mutation.start + mutation.replacement.length, mutated)),
  };
}
