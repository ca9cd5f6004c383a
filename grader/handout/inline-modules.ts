import * as path from 'path';
import * as ts from 'typescript';

export interface InlineRequest {
  /** The folder the paths below are relative to (the repository root). */
  readonly root: string;
  /** The module to write as one file, e.g. `reference/paging/reference-walker.ts`. */
  readonly entry: string;
  /** Where the file will live; the imports it keeps are rewritten relative to it. */
  readonly target: string;
  /** The files the result may still import; every other module the entry needs is inlined. */
  readonly importable: (file: string) => boolean;
  /** The entry's exports the result keeps, each under a new name (original → new); the others lose `export`. */
  readonly exports: ReadonlyMap<string, string>;
}

export interface InlinedModule {
  /** The TypeScript of the one file. */
  readonly source: string;
  /** The modules it holds, dependencies first, the entry last. */
  readonly modules: readonly string[];
}

/**
 * One module and the modules it needs that `importable` refuses, as one
 * TypeScript file: the inlined modules' code, dependencies first, their
 * imports of each other replaced by the names they now share, their other
 * imports merged and pointed at the same files from `target`. Names are
 * resolved by the type checker, not matched as text, so a property, a
 * shadowing local or a re-exported type is never mistaken for the binding it
 * looks like; a top-level name two modules both declare is renamed in the
 * later one. Forms it cannot merge faithfully (default and namespace
 * imports, `export =`, local export lists, destructured top-level bindings)
 * are refused, naming the file.
 */
export function inlineModules(request: InlineRequest): InlinedModule {
  const { root, entry } = request;
  const program = ts.createProgram({ rootNames: [path.join(root, entry)], options: CHECKER_OPTIONS });
  const checker = program.getTypeChecker();
  const relative = (file: ts.SourceFile) => path.relative(root, file.fileName).split(path.sep).join('/');
  const entryFile = program.getSourceFile(path.join(root, entry));
  if (entryFile === undefined) throw new Error(`${entry}: not found`);

  const order = inlinedInDependencyOrder(entryFile, checker, relative, request.importable);
  const inlined = new Set(order);
  const identifierTexts = new Set(order.flatMap((file) => identifiersIn(file).map((identifier) => identifier.text)));
  const names = new NameTable(identifierTexts);
  /** Each inlined module's renames: a symbol of that module (declared or imported) → its name in the one file. */
  const renames = new Map<ts.SourceFile, Map<ts.Symbol, string>>(order.map((file) => [file, new Map()]));
  const imports = new ImportList();
  const importableFile = (file: string) => {
    if (!request.importable(file)) throw new Error(`${entry}: needs ${file}, which is neither importable nor inlined`);
    return file;
  };

  const declaredKey = (symbol: ts.Symbol) => `declared:${relative(symbol.declarations![0].getSourceFile())}#${symbol.name}`;
  for (const [original, renamed] of request.exports) {
    const symbol = exportedSymbol(checker, entryFile, original);
    if (symbol === undefined) throw new Error(`${entry}: exports no ${original}`);
    names.claimExactly(renamed, declaredKey(symbol), entry);
  }
  for (const file of order) {
    const own = renames.get(file)!;
    const where = relative(file);
    for (const statement of file.statements) {
      for (const symbol of topLevelDeclarations(statement, checker, where)) own.set(normalized(checker, symbol), names.claim(symbol.name, declaredKey(symbol)));
    }
    for (const statement of file.statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      for (const { local, imported } of namedImports(statement, where)) {
        const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
        const moduleSymbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
        const from = moduleSymbol?.valueDeclaration;
        const localSymbol = checker.getSymbolAtLocation(local)!;
        if (!isRelative(specifier) || from === undefined || !ts.isSourceFile(from)) {
          // A package (or Node's own module) is imported by name from anywhere.
          own.set(localSymbol, imports.add(names, specifier, imported, local.text));
        } else if (inlined.has(from)) {
          // Bound to the declaration it names, followed through re-exports; that may be a module left importable.
          const original = resolvedExport(checker, moduleSymbol!, imported, where);
          const declaring = original.declarations![0].getSourceFile();
          if (inlined.has(declaring)) own.set(localSymbol, names.claim(original.name, declaredKey(original)));
          else own.set(localSymbol, imports.add(names, moduleSpecifierFor(request.target, importableFile(relative(declaring))), original.name, local.text));
        } else {
          own.set(localSymbol, imports.add(names, moduleSpecifierFor(request.target, relative(from)), imported, local.text));
        }
      }
    }
  }

  for (const [file, own] of renames) {
    // A binding renamed to a name its module already uses elsewhere could capture, or be captured by, that other use.
    const texts = new Set(identifiersIn(file).map((identifier) => identifier.text));
    for (const [symbol, name] of own) {
      if (name !== localName(symbol) && texts.has(name)) throw new Error(`${relative(file)}: ${localName(symbol)} would be renamed ${name}, a name this module already uses`);
    }
  }
  const bodies = order.map((file) => {
    const kept = file === entryFile ? new Set(request.exports.keys()) : new Set<string>();
    return `// From ${relative(file)}.\n${rewritten(file, checker, renames.get(file)!, kept).trim()}\n`;
  });
  return { source: `${imports.lines().join('\n')}\n\n${bodies.join('\n')}`, modules: order.map(relative) };
}

const CHECKER_OPTIONS: ts.CompilerOptions = { noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, skipLibCheck: true, types: [] };

/** The modules to inline (the entry, and what it needs that is not importable), each after the ones it imports. */
function inlinedInDependencyOrder(entry: ts.SourceFile, checker: ts.TypeChecker, relative: (file: ts.SourceFile) => string, importable: (file: string) => boolean): ts.SourceFile[] {
  const order: ts.SourceFile[] = [];
  const visiting = new Set<ts.SourceFile>();
  const visit = (file: ts.SourceFile): void => {
    if (order.includes(file)) return;
    if (visiting.has(file)) throw new Error(`${relative(file)}: its imports form a cycle; the modules cannot be ordered into one file`);
    visiting.add(file);
    for (const statement of file.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || statement.moduleSpecifier === undefined) continue;
      if (!isRelative((statement.moduleSpecifier as ts.StringLiteral).text)) continue;
      const target = checker.getSymbolAtLocation(statement.moduleSpecifier)?.valueDeclaration;
      if (target !== undefined && ts.isSourceFile(target) && !importable(relative(target))) visit(target);
    }
    visiting.delete(file);
    order.push(file);
  };
  visit(entry);
  return order;
}

/** The names a top-level statement declares (exported or not); imports and re-exports declare none here. */
function topLevelDeclarations(statement: ts.Statement, checker: ts.TypeChecker, where: string): ts.Symbol[] {
  const at = (node: ts.Node) => `${where}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  if (ts.isImportDeclaration(statement)) return [];
  if (ts.isExportDeclaration(statement)) {
    if (statement.moduleSpecifier === undefined) throw new Error(`${at(statement)}: a local export list cannot be inlined; export the declaration itself`);
    return [];
  }
  if (ts.isExportAssignment(statement) || ts.isImportEqualsDeclaration(statement)) throw new Error(`${at(statement)}: this form of import or export cannot be inlined`);
  if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) throw new Error(`${at(statement)}: a default export cannot be inlined`);
  const named = (name: ts.Node | undefined) => {
    if (name === undefined || !ts.isIdentifier(name)) throw new Error(`${at(statement)}: only plainly named top-level declarations can be inlined`);
    return checker.getSymbolAtLocation(name)!;
  };
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.map((declaration) => named(declaration.name));
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) return [named(statement.name)];
  if (ts.isModuleDeclaration(statement)) throw new Error(`${at(statement)}: a namespace cannot be inlined`);
  return [];
}

function namedImports(statement: ts.ImportDeclaration, where: string): { local: ts.Identifier; imported: string }[] {
  const clause = statement.importClause;
  const line = statement.getSourceFile().getLineAndCharacterOfPosition(statement.getStart()).line + 1;
  if (clause === undefined || clause.name !== undefined || clause.namedBindings === undefined || !ts.isNamedImports(clause.namedBindings)) {
    throw new Error(`${where}:${line}: only named imports (import { a } from '…') can be inlined`);
  }
  return clause.namedBindings.elements.map((element) => ({ local: element.name, imported: (element.propertyName ?? element.name).text }));
}

function exportedSymbol(checker: ts.TypeChecker, file: ts.SourceFile, name: string): ts.Symbol | undefined {
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const found = moduleSymbol === undefined ? undefined : checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === name);
  return found === undefined ? undefined : normalized(checker, found);
}

/** The declaration an import names, through any re-exports. */
function resolvedExport(checker: ts.TypeChecker, moduleSymbol: ts.Symbol, name: string, where: string): ts.Symbol {
  const found = checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === name);
  if (found === undefined) throw new Error(`${where}: imports ${name}, which its module does not export`);
  const original = found.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(found) : found;
  if (original.declarations === undefined || original.declarations.length === 0) throw new Error(`${where}: cannot find where ${name} is declared`);
  return normalized(checker, original);
}

/** A declaration's symbol as references to it resolve (the exported symbol of an exported declaration). */
function normalized(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return checker.getExportSymbolOfSymbol(symbol);
}

/** The name a symbol has where it is bound: an import's local name, a declaration's own. */
function localName(symbol: ts.Symbol): string {
  const declaration = symbol.declarations?.[0];
  return declaration !== undefined && ts.isImportSpecifier(declaration) ? declaration.name.text : symbol.name;
}

/** The identifiers of a module's code, less its imports and re-exports, which inlining removes. */
function identifiersIn(file: ts.SourceFile): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isIdentifier(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('.');
}

/** `starter/src/walker.ts` importing `reference/paging/geometry.ts` → `../../reference/paging/geometry`. */
function moduleSpecifierFor(target: string, file: string): string {
  const specifier = path.posix.relative(path.posix.dirname(target), file.replace(/\.ts$/, ''));
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}

/**
 * A module's text with its imports and re-exports removed, `export` dropped
 * but from the declarations in `kept`, and every reference to a renamed
 * symbol written with its new name.
 */
function rewritten(file: ts.SourceFile, checker: ts.TypeChecker, renames: ReadonlyMap<ts.Symbol, string>, kept: ReadonlySet<string>): string {
  const text = file.getFullText();
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) {
      edits.push({ start: statement.getStart(), end: statement.getEnd(), text: '' });
      continue;
    }
    const exported = ts.canHaveModifiers(statement) ? ts.getModifiers(statement)?.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) : undefined;
    if (exported === undefined) continue;
    const declaredNames = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.map((declaration) => (declaration.name as ts.Identifier).text)
      : [((statement as ts.DeclarationStatement).name as ts.Identifier).text];
    if (declaredNames.some((name) => kept.has(name))) continue;
    let end = exported.getEnd();
    while (text[end] === ' ') end++;
    edits.push({ start: exported.getStart(), end, text: '' });
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isIdentifier(node)) {
      const shorthand = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node;
      const symbol = shorthand ? checker.getShorthandAssignmentValueSymbol(node.parent) : checker.getSymbolAtLocation(node);
      const renamed = symbol === undefined ? undefined : renames.get(normalized(checker, symbol));
      if (renamed !== undefined && renamed !== node.text) edits.push({ start: node.getStart(), end: node.getEnd(), text: shorthand ? `${node.text}: ${renamed}` : renamed });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  edits.sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  // Removed imports leave blank lines behind.
  return result.replace(/\n{3,}/g, '\n\n');
}

/** The top-level names of the one file: what each stands for, so two modules' bindings of one thing share a name and different things never do. */
class NameTable {
  private readonly owners = new Map<string, string>();
  private readonly byKey = new Map<string, string>();

  constructor(private readonly identifierTexts: ReadonlySet<string>) {}

  /** The name of `key`: the one it has, else `wanted` if free, else a new name no source uses. */
  claim(wanted: string, key: string): string {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    // A new name must be one no inlined module uses anywhere, so it can shadow nothing and nothing can shadow it.
    let name = wanted;
    for (let counter = 2; this.owners.has(name) || (name !== wanted && this.identifierTexts.has(name)); counter++) name = `${wanted}_${counter}`;
    this.owners.set(name, key);
    this.byKey.set(key, name);
    return name;
  }

  /** `name` for `key`, or an error: a name the result must export. */
  claimExactly(name: string, key: string, where: string): void {
    if (this.owners.has(name) || this.byKey.has(key)) throw new Error(`${where}: ${name} is claimed twice`);
    this.owners.set(name, key);
    this.byKey.set(key, name);
  }
}

/** The imports the one file keeps, merged by module. */
class ImportList {
  private readonly byModule = new Map<string, Map<string, string>>();

  /** The local name of `imported` from `module`, shared with any other import of it. */
  add(names: NameTable, module: string, imported: string, local: string): string {
    const name = names.claim(local, `import:${module}#${imported}`);
    const specifiers = this.byModule.get(module) ?? new Map<string, string>();
    specifiers.set(name, imported);
    this.byModule.set(module, specifiers);
    return name;
  }

  lines(): string[] {
    return [...this.byModule]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([module, specifiers]) => {
        const list = [...specifiers].sort(([a], [b]) => a.localeCompare(b)).map(([local, imported]) => (local === imported ? local : `${imported} as ${local}`));
        return `import { ${list.join(', ')} } from '${module}';`;
      });
  }
}
