/**
 * Where JSON text first goes wrong, and why. JSON.parse's messages differ
 * between Node versions and some carry no position at all ("Unexpected token
 * 'x', ... is not valid JSON"), so after JSON.parse has refused a text this
 * small scanner finds the offending character itself. It checks syntax only
 * and builds nothing; an explicit stack keeps deep nesting from overflowing
 * the call stack.
 */
export interface JsonSyntaxError {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** A scan either ends at an index or fails at one. */
type Scan = number | { readonly at: number; readonly reason: string };

type Expect = 'value' | 'value-or-close' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close';

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const closers: ('}' | ']')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (at: number, reason: string): JsonSyntaxError => ({ ...lineAndColumn(text, at), reason });

  for (;;) {
    i = skipWhitespace(text, i);
    const char = text[i];
    if (char === undefined) {
      if (closers.length === 0 && expect === 'comma-or-close') return null;
      const missing = closers.length > 0 ? ` (missing "${closers[closers.length - 1]}")` : '';
      return fail(i, `unexpected end of input${missing}`);
    }
    switch (expect) {
      case 'value-or-close':
      case 'value': {
        if (expect === 'value-or-close' && char === ']') {
          closers.pop();
          expect = 'comma-or-close';
          i++;
          break;
        }
        if (char === '{' || char === '[') {
          closers.push(char === '{' ? '}' : ']');
          expect = char === '{' ? 'key-or-close' : 'value-or-close';
          i++;
          break;
        }
        const end = scanScalar(text, i);
        if (typeof end !== 'number') return fail(end.at, end.reason);
        i = end;
        expect = 'comma-or-close';
        break;
      }
      case 'key-or-close':
      case 'key': {
        if (char === '}' && expect === 'key-or-close') {
          closers.pop();
          expect = 'comma-or-close';
          i++;
          break;
        }
        if (char !== '"') {
          return fail(i, char === '}' ? 'trailing comma before "}"' : `expected a double-quoted property name, found ${quote(char)}`);
        }
        const end = scanString(text, i);
        if (typeof end !== 'number') return fail(end.at, end.reason);
        i = end;
        expect = 'colon';
        break;
      }
      case 'colon':
        if (char !== ':') return fail(i, `expected ":" after a property name, found ${quote(char)}`);
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const closer = closers[closers.length - 1];
        if (closer === undefined) return fail(i, `unexpected ${quote(char)} after the end of the JSON value`);
        if (char === closer) {
          closers.pop();
          i++;
          break;
        }
        if (char !== ',') {
          const after = closer === '}' ? 'a property value' : 'an array element';
          return fail(i, `expected "," or "${closer}" after ${after}, found ${quote(char)}`);
        }
        i++;
        if (closer === '}') {
          expect = 'key';
        } else {
          const next = skipWhitespace(text, i);
          if (text[next] === ']') return fail(next, 'trailing comma before "]"');
          expect = 'value';
        }
        break;
      }
    }
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** The index after the string, number or literal at `from`, or where and why there is none. */
function scanScalar(text: string, from: number): Scan {
  const char = text[from];
  if (char === '"') return scanString(text, from);
  if (char === '-' || (char >= '0' && char <= '9')) {
    NUMBER.lastIndex = from;
    const match = NUMBER.exec(text);
    const end = from + (match?.[0].length ?? 0);
    if (match === null || /[\w.]/.test(text[end] ?? '')) return { at: from, reason: `invalid number ${quote(numberLike(text, from))}` };
    return end;
  }
  for (const literal of LITERALS) {
    if (text.startsWith(literal, from) && !/\w/.test(text[from + literal.length] ?? '')) return from + literal.length;
  }
  if (char === "'") return { at: from, reason: 'strings must use double quotes' };
  return { at: from, reason: `expected a value, found ${quote(/\w/.test(char) ? numberLike(text, from) : char)}` };
}

/** The index after the string starting at `from` (a '"'), or where and why it is malformed. */
function scanString(text: string, from: number): Scan {
  let i = from + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') return i + 1;
    if (char === '\\') {
      const escaped = text[i + 1];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { at: i, reason: 'invalid \\u escape in a string' };
        i += 6;
        continue;
      }
      if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) return { at: i, reason: `invalid escape ${quote('\\' + (escaped ?? ''))} in a string` };
      i += 2;
      continue;
    }
    if (char < ' ') {
      return { at: i, reason: char === '\n' ? 'unterminated string (a string cannot span lines)' : 'control character in a string (escape it)' };
    }
    i++;
  }
  return { at: from, reason: 'unterminated string' };
}

/** The word or number-like run of characters at `from`, for quoting in a message. */
function numberLike(text: string, from: number): string {
  return /^[-+\w.]+/.exec(text.slice(from))?.[0] ?? text[from];
}

function quote(text: string): string {
  return JSON.stringify(text.length > 20 ? `${text.slice(0, 17)}...` : text);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
