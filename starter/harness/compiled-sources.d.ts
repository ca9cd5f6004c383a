/** The types of compiled-sources.js, which is plain JavaScript (it is what makes the TypeScript loadable). */
import type * as ts from 'typescript';

/** Where a handout keeps what vmlab handout prepared (prepared-sources.ts has the same). */
export declare const PREPARED_FOLDER: string;
/** Teach `require` to load `.ts` files from their compiled JavaScript, shipped or cached, compiling the rest once. */
export declare function installCompiledSources(handoutRoot: string, cacheFolder?: string): void;
/** The JavaScript of a handout's source text (`filename`: its full path): shipped, cached, or compiled now and cached. */
export declare function compiler(handoutRoot: string, cacheFolder?: string): (text: string, filename: string) => string;
/** Compile these handout files (handout paths) now, if they need it, so that whoever loads them next finds their JavaScript ready. */
export declare function compileAhead(handoutRoot: string, files: readonly string[], cacheFolder?: string): void;
/** The key a source text is compiled under (a hex digest). */
export declare function sourceKey(text: string): string;
/** A .ts file as CommonJS, with the options every handout file is compiled with. */
export declare function transpile(typescript: typeof ts, text: string, fileName: string): string;
