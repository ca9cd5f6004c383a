import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

/** `from '…'`, `import('…')`, `require('…')` and side-effect `import '…'`: every way a module names another. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

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
      pending.push(resolveModule(root, file, specifier));
    }
  }
  return { files, packages };
}

export function specifiersOf(source: string): string[] {
  // Comments may quote import lines (as documentation); they must not pull files in.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((match) => match[1]);
}

function resolveModule(root: string, from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (candidate.endsWith('.ts') || candidate.endsWith('.json')) {
      if (existsSync(path.join(root, candidate))) return candidate;
    }
  }
  throw new Error(`${from}: cannot resolve import '${specifier}'`);
}

/** `ajv/dist/core` → `ajv`; `@types/x/y` → `@types/x`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
