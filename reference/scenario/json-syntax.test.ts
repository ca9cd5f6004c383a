import { findJsonSyntaxError } from './json-syntax';
import { Random } from './random';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 1, 9, 'trailing comma before "}"'],
    ['[1, 2,\n]', 2, 1, 'trailing comma before "]"'],
    ['{"a" 1}', 1, 6, 'expected ":" after a property name, found "1"'],
    ['{"a": 1 "b": 2}', 1, 9, 'expected "," or "}" after a property value, found "\\""'],
    ['{\n  "a": tru\n}', 2, 8, 'expected a value, found "tru"'],
    ['{"a": 01}', 1, 7, 'invalid number "01"'],
    ['{"a": 1.}', 1, 7, 'invalid number "1."'],
    ['{"a": -}', 1, 7, 'invalid number "-"'],
    ['{"a": "x\\q"}', 1, 9, 'invalid escape "\\\\q" in a string'],
    ['{"a": "\\u12"}', 1, 8, 'invalid \\u escape in a string'],
    ['{"a": "x\ty"}', 1, 9, 'control character in a string (escape it)'],
    ['{"a": "x\ny"}', 1, 9, 'unterminated string (a string cannot span lines)'],
    ['{"a": "x', 1, 7, 'unterminated string'],
    ["{'a': 1}", 1, 2, 'expected a double-quoted property name, found "\'"'],
    ["{\"a\": 'x'}", 1, 7, 'strings must use double quotes'],
    ['{"a": [1, 2}', 1, 12, 'expected "," or "]" after an array element, found "}"'],
    ['{"a": {', 1, 8, 'unexpected end of input (missing "}")'],
    ['', 1, 1, 'unexpected end of input'],
    ['   \n  ', 2, 3, 'unexpected end of input'],
    ['{} {}', 1, 4, 'unexpected "{" after the end of the JSON value'],
  ])('%j: line %i, column %i: %s', (text, line, column, reason) => {
    expect(findJsonSyntaxError(text)).toEqual({ line, column, reason });
  });

  it.each([
    '{}',
    '[]',
    '{"events": [{"op": "spawn", "vm": 1}], "name": "a\\"b\\\\c\\u00e9\\n"}',
    '[-0, 1.5e10, 2E-3, 0.25, true, false, null, "", [[]], {"": {}}]',
    ' \t\r\n{ "a" : [ 1 , 2 ] } \n',
  ])('finds nothing wrong in valid JSON: %j', (text) => {
    expect(findJsonSyntaxError(text)).toBeNull();
  });

  it('agrees with JSON.parse on which texts are valid (random edits of a scenario)', () => {
    const original = JSON.stringify(
      { name: 'x', machine: { vpid: false, tlb: { entries: 8 } }, events: [{ op: 'write', va: '0x400000', value: 12.5e3 }, { op: 'exit' }, null, true, [-1]] },
      null,
      2,
    );
    const random = new Random(1);
    const alphabet = '{}[]:,"\\ \n0123456789-.eEtruefalsn\t';
    const disagreements: string[] = [];
    for (let trial = 0; trial < 3000; trial++) {
      let text = original;
      for (let edits = random.int(1, 3); edits > 0; edits--) {
        const at = random.int(0, text.length);
        const kind = random.int(0, 2);
        const char = alphabet[random.int(0, alphabet.length - 1)];
        text = kind === 0 ? text.slice(0, at) + text.slice(at + 1) : kind === 1 ? text.slice(0, at) + char + text.slice(at) : text.slice(0, at) + char + text.slice(at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      if (parses !== (findJsonSyntaxError(text) === null)) disagreements.push(text);
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
  });
});
