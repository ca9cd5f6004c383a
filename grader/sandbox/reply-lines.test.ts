import { Random } from '../../reference/scenario/random';
import { ReplyLine, ReplyLineReader } from './reply-lines';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Feeds `chunks` and the end of the channel; never throws, or the test fails. */
function read(chunks: readonly Buffer[], cap?: number): ReplyLine[] {
  const reader = new ReplyLineReader(cap);
  return [...chunks.flatMap((chunk) => reader.push(chunk)), ...reader.end()];
}

describe('ReplyLineReader', () => {
  it.each([
    ['one line', ['{"id":"t"}\n'], [{ kind: 'message', value: { id: 't' } }]],
    ['a line in three chunks', ['{"id"', ':"t', '"}\n'], [{ kind: 'message', value: { id: 't' } }]],
    ['two lines in one chunk', ['1\n2\n'], [{ kind: 'message', value: 1 }, { kind: 'message', value: 2 }]],
    ['an empty line', ['\n'], [{ kind: 'problem', reason: expect.stringMatching(/^a reply line that is not JSON/) }]],
    ['a line that is not JSON, and nothing after it', ['x\n{"id":"t"}\n'], [{ kind: 'problem', reason: expect.stringMatching(/not JSON/) }]],
    ['a line left unfinished', ['{"id":'], [{ kind: 'problem', reason: 'an unfinished reply line (6 bytes with no newline) when the channel closed' }]],
  ])('%s', (_name, chunks, expected) => {
    expect(read(chunks.map(bytes))).toEqual(expected);
  });

  it('takes a character split between chunks, and refuses bytes that are not UTF-8', () => {
    const euro = bytes('"€"\n');
    expect(read([euro.subarray(0, 2), euro.subarray(2)])).toEqual([{ kind: 'message', value: '€' }]);
    expect(read([Buffer.from([0x22, 0xff, 0x22, 0x0a])])).toEqual([{ kind: 'problem', reason: 'a reply line that is not UTF-8' }]);
  });

  it('refuses a line longer than its cap as soon as it passes it, ended or not, and holds no more than the cap', () => {
    const reader = new ReplyLineReader(10);
    expect(reader.push(bytes('123456789'))).toEqual([]);
    expect(reader.bufferedBytes).toBe(9);
    expect(reader.push(bytes('01'))).toEqual([{ kind: 'problem', reason: 'a reply line longer than 10 bytes' }]);
    expect(reader.bufferedBytes).toBe(0);
    expect([reader.broken, reader.push(bytes('1\n')), reader.end()]).toEqual([true, [], []]);
    expect(read([bytes('1234567890\n')], 10)).toEqual([{ kind: 'message', value: 1234567890 }]);
  });
});

/**
 * The reader against a model of it, on seeded random channels: valid
 * replies, random bytes, lines over the cap, partial lines, each channel cut
 * into chunks at random points. Whatever the bytes and however they are cut,
 * the reader gives what the model gives for the whole stream at once, never
 * throws, and never holds more than its cap.
 */
describe('ReplyLineReader, fuzzed', () => {
  const CAP = 2048;
  const CHANNELS = 400;

  function segment(random: Random): Buffer {
    switch (random.int(0, 5)) {
      case 0:
        return bytes(`${JSON.stringify({ id: `test-${random.int(0, 9)}`, observations: [{ kind: 'walk', n: random.int(0, 1000) }] })}\n`);
      case 1:
        return Buffer.from(Array.from({ length: random.int(1, 64) }, () => random.int(0, 255)));
      case 2:
        return Buffer.from(Array.from({ length: random.int(1, 64) }, () => random.pick([0x0a, 0x7b, 0x7d, 0x22, 0x5b, 0x5d, 0x31, 0x3a, 0x2c, 0x20])));
      case 3:
        return Buffer.alloc(random.int(CAP - 4, CAP + 4), random.pick([0x31, 0x20, 0x61]));
      case 4:
        return bytes(`{"id":"test-${random.int(0, 9)}","observ`);
      default:
        return bytes(`${random.int(0, 99)}\n`);
    }
  }

  /** What the reader must give for `stream`, read whole. */
  function model(stream: Buffer): ReplyLine[] {
    const parts: Buffer[] = [];
    let start = 0;
    for (let end = stream.indexOf(0x0a); end >= 0; end = stream.indexOf(0x0a, start)) {
      parts.push(stream.subarray(start, end));
      start = end + 1;
    }
    const unfinished = stream.subarray(start);
    const lines: ReplyLine[] = [];
    for (const part of parts) {
      if (part.length > CAP) return [...lines, { kind: 'problem', reason: `a reply line longer than ${CAP} bytes` }];
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(part));
      } catch {
        return [...lines, { kind: 'problem', reason: 'malformed' }];
      }
      lines.push({ kind: 'message', value });
    }
    if (unfinished.length > CAP) return [...lines, { kind: 'problem', reason: `a reply line longer than ${CAP} bytes` }];
    if (unfinished.length > 0) return [...lines, { kind: 'problem', reason: 'unfinished' }];
    return lines;
  }

  /** Problems compared by what they are about, not by V8's wording of a parse error. */
  function comparable(lines: readonly ReplyLine[]): unknown[] {
    return lines.map((line) => {
      if (line.kind === 'message') return line;
      if (/not JSON|not UTF-8/.test(line.reason)) return { kind: 'problem', reason: 'malformed' };
      if (line.reason.startsWith('an unfinished reply line')) return { kind: 'problem', reason: 'unfinished' };
      return line;
    });
  }

  it(`reads ${CHANNELS} seeded random channels, cut anywhere, as the model reads them whole`, () => {
    const random = new Random(20_251_105);
    let problems = 0;
    for (let channel = 0; channel < CHANNELS; channel++) {
      const stream = Buffer.concat(Array.from({ length: random.int(1, 8) }, () => segment(random)));
      const reader = new ReplyLineReader(CAP);
      const got: ReplyLine[] = [];
      for (let start = 0; start < stream.length; ) {
        const end = Math.min(stream.length, start + random.int(1, random.chance(0.2) ? 4096 : 40));
        got.push(...reader.push(stream.subarray(start, end)));
        expect(reader.bufferedBytes).toBeLessThanOrEqual(CAP);
        start = end;
      }
      got.push(...reader.end());
      const expected = model(stream);
      expect({ channel, got: comparable(got) }).toEqual({ channel, got: comparable(expected) });
      if (expected.some((line) => line.kind === 'problem')) problems++;
    }
    // Both sides of the property were exercised.
    expect(problems).toBeGreaterThan(CHANNELS / 4);
    expect(problems).toBeLessThan(CHANNELS);
  });
});
