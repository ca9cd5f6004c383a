import * as ts from 'typescript';

/** One reason a student file does not compile, located for the student. */
export interface CompileProblem {
  /** Handout-relative path, e.g. `starter/src/walker.ts`. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly message: string;
  /** The offending source line, capped at 300 chars. */
  readonly sourceLine: string;
}

const MAX_SOURCE_LINE = 300;

/** A problem with a file as a whole (too large, missing, …): it points at line 1. */
export function wholeFileProblem(file: string, message: string): CompileProblem {
  return { file, line: 1, column: 1, message, sourceLine: '' };
}

/** A problem at a position of a parsed file. */
export function problemAt(file: string, sourceFile: ts.SourceFile, position: number, message: string): CompileProblem {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(position);
  const lineStarts = sourceFile.getLineStarts();
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : sourceFile.text.length;
  const sourceLine = sourceFile.text.slice(lineStarts[line], end).replace(/\r?\n$/, '').slice(0, MAX_SOURCE_LINE);
  return { file, line: line + 1, column: character + 1, message, sourceLine };
}

/** A TypeScript diagnostic that has a file, as a problem in `file`. */
export function problemOfDiagnostic(file: string, diagnostic: ts.Diagnostic): CompileProblem {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (diagnostic.file === undefined) return wholeFileProblem(file, message);
  return problemAt(file, diagnostic.file, diagnostic.start ?? 0, message);
}

/** `starter/src/walker.ts:3: message`: the one-line form a stand-in throws. */
export function describeProblem(problem: CompileProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message.split('\n')[0]}`;
}
