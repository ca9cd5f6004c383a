import * as path from 'path';
import * as ts from 'typescript';

/** One TypeScript file as plain CommonJS (ES2022), file by file: the type-check has been done already. */
export function transpileToCommonJs(file: string, source: string): string {
  return ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      // Without comments, every `require(` left in the output is a real one (see requiredModules).
      removeComments: true,
    },
  }).outputText;
}

const REQUIRE = /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g;

/** The modules a transpiled file requires: exactly what Node will load for it (type-only imports are gone). */
export function requiredModules(javascript: string): string[] {
  return [...javascript.matchAll(REQUIRE)].map((match) => match[2]);
}

/** `./x` from `a/b.ts` → the handout file it names among `files` (`a/x.ts`, `a/x/index.ts`, `a/x.json`), or undefined. */
export function resolveRelative(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => files.has(candidate));
}

/** `ajv/dist/core` → `ajv`; `@scope/x/y` → `@scope/x`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
