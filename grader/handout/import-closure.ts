import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

export interface ImportClosure {
  /** Repository-relative paths of every TypeScript file reached, entries included. */
  readonly files: ReadonlySet<string>;
  /** Packages imported by name (`ajv`, `fs`, …). */
  readonly packages: ReadonlySet<string>;
}

/**
 * The TypeScript files a set of entry files needs, following relative
 * imports (type-only ones too: a handout must type-check). A handout ships
 * exactly this closure of the substrate, so what it contains is decided by
 * what the code uses, and the verifier can tell which solution files got in.
 */
export function importClosure(root: string, entries: readonly string[], sources: (file: string) => string = (file) => readFileSync(path.join(root, file), 'utf8')): ImportClosure {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of specifiersOf(sources(file))) {
      if (!specifier.startsWith('.')) {
        packages.add(packageName(specifier));
        continue;
      }
      pending.push(resolveModule(file, specifier, (candidate) => entries.includes(candidate) || existsSync(path.join(root, candidate))));
    }
  }
  return { files, packages };
}

/**
 * Every module a source names, in order: `import … from`, `export … from`,
 * side-effect `import '…'`, `import x = require('…')`, `import('…')`,
 * `require('…')` and `typeof import('…')` types. Parsed, not matched as
 * text, so an import line in a comment or a string (code that writes code,
 * as the handout's wiring does) pulls nothing in.
 */
export function specifiersOf(source: string): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    const named = moduleNamedBy(node);
    if (named !== undefined) specifiers.push(named);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, false));
  return specifiers;
}

function moduleNamedBy(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) return node.moduleReference.expression.text;
  if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
    const callee = node.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) return node.arguments[0].text;
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
  return undefined;
}

/** The file a relative specifier names; an entry counts as a file even when it is not on disk (a generated module). */
function resolveModule(from: string, specifier: string, isFile: (candidate: string) => boolean): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if ((candidate.endsWith('.ts') || candidate.endsWith('.json')) && isFile(candidate)) return candidate;
  }
  throw new Error(`${from}: cannot resolve import '${specifier}'`);
}

/** `ajv/dist/core` → `ajv`; `@types/x/y` → `@types/x`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
