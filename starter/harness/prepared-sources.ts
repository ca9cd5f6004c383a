import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

/**
 * What `vmlab handout` prepared in a handout's .vmlab/ folder, so that
 * `npm test` type-checks only the files you changed:
 *
 *   types/<file>.d.ts  the declarations of every shipped file but yours
 *   js/<key>.js        the JavaScript of every shipped file, by source key
 *   sources.json       this manifest: each shipped file's source key, which
 *                      have declarations, and which files import each
 */
export interface PreparedSources {
  /** Handout path → source key of every TypeScript file as shipped. */
  readonly shipped: Readonly<Record<string, string>>;
  /** The files with declarations in types/ (all but the student's, and any whose types cannot be written out). */
  readonly declared: readonly string[];
  /** Handout path → the handout files that import it. */
  readonly importers: Readonly<Record<string, readonly string[]>>;
}

/**
 * Where a handout keeps what vmlab handout prepared, relative to its root.
 * compiled-sources.js, the plain JavaScript that loads the handout's
 * TypeScript, has the same folder and key of its own (it cannot import
 * TypeScript); compiled-sources.test.ts holds the two together.
 */
export const PREPARED_FOLDER = '.vmlab';

/** The key a source text is compiled and declared under. */
export function sourceKey(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export const PREPARED_MANIFEST = 'sources.json';
/** What npm test keeps between runs (compiled JavaScript of your files, the last type-check): not shipped, not handed in. */
export const CACHE_FOLDER = 'cache';
export const TYPES_FOLDER = 'types';
export const JS_FOLDER = 'js';

/** The folders of a handout that hold no source of its own. */
const NOT_SOURCES = new Set(['node_modules', PREPARED_FOLDER, 'report', 'dist', '.git']);

/** Every .ts file of a handout (declaration files aside), by handout path. */
export function handoutSources(root: string): string[] {
  const found: string[] = [];
  const visit = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!NOT_SOURCES.has(entry.name)) visit(child);
      } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(child);
    }
  };
  visit('');
  return found.sort();
}

/** Each file's source key, as it is now. */
export function currentKeys(root: string, files: readonly string[]): Map<string, string> {
  return new Map(files.map((file) => [file, sourceKey(readFileSync(path.join(root, file), 'utf8'))]));
}

/** The manifest, or one declaring nothing when the handout has none (the repository): then every file is checked from its source. */
export function readPrepared(root: string): PreparedSources {
  try {
    const value = JSON.parse(readFileSync(path.join(root, PREPARED_FOLDER, PREPARED_MANIFEST), 'utf8')) as PreparedSources;
    if (isRecord(value.shipped) && Array.isArray(value.declared) && isRecord(value.importers)) return value;
  } catch {
    // Absent or damaged: declare nothing.
  }
  return { shipped: {}, declared: [], importers: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where the JavaScript of a source text is kept, relative to the handout root. */
export function compiledPath(source: string): string {
  return `${PREPARED_FOLDER}/${JS_FOLDER}/${sourceKey(source)}.js`;
}

/** Where the declarations of a handout file are kept, relative to the handout root. */
export function declarationPath(file: string): string {
  return `${PREPARED_FOLDER}/${TYPES_FOLDER}/${file.replace(/\.ts$/, '.d.ts')}`;
}
