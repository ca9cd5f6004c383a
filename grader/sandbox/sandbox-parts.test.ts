import { CappedOutput, StreamTail } from './capped-output';
import { classifyExit } from './classify-exit';
import { checkReply } from './protocol';

describe('checkReply', () => {
  it('accepts the answer to the pending test', () => {
    expect(checkReply({ id: 't', observations: [{ kind: 'walk' }] }, 't', 1)).toEqual({ ok: true, observations: [{ kind: 'walk' }] });
  });

  it.each([
    ['not an object', 'hello', /expected an object, got string/],
    ['null', null, /got null/],
    ['a list', [], /got a list/],
    ['extra fields', { id: 't', observations: [], score: 100 }, /unexpected fields/],
    ['another test', { id: 'u', observations: [{ kind: 'walk' }] }, /answer for test "u", expected "t"/],
    ['no list', { id: 't', observations: 'all good' }, /not a list/],
    ['too few', { id: 't', observations: [] }, /0 observations for 1 probes/],
    ['no kind', { id: 't', observations: [{ result: 1 }] }, /observation 0 has no kind/],
    ['a huge id, quoted short', { id: 'x'.repeat(100_000), observations: [] }, /^answer for test "x{79}…, expected "t"$/],
  ])('refuses %s', (_name, message, problem) => {
    const check = checkReply(message, 't', 1);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.problem).toMatch(problem);
  });
});

describe('classifyExit', () => {
  const oom = 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory';
  it('tells a heap blow-up from a crash and an exit', () => {
    expect(classifyExit(null, 'SIGABRT', oom, 512)).toEqual({ status: 'memory', reason: 'exceeded 512 MiB (JavaScript heap out of memory)' });
    expect(classifyExit(134, null, oom, 512).status).toBe('memory');
    expect(classifyExit(null, 'SIGABRT', '', 512)).toEqual({ status: 'crashed', reason: 'crashed: SIGABRT' });
    expect(classifyExit(null, 'SIGSEGV', '', 512)).toEqual({ status: 'crashed', reason: 'crashed: SIGSEGV' });
    expect(classifyExit(3, null, oom, 512)).toEqual({ status: 'exited', reason: 'exited with code 3' });
  });

  it('reads a heap blow-up of node as pid 1 of its namespace (SIGSEGV), and the lost-channel exit', () => {
    expect(classifyExit(null, 'SIGSEGV', oom, 512).status).toBe('memory');
    expect(classifyExit(97, null, '', 512)).toEqual({ status: 'protocol', reason: 'the sandbox lost its request or reply channel (exit code 97)' });
  });
});

describe('CappedOutput and StreamTail', () => {
  it('keep the first bytes and flag the cut, or keep the last bytes', () => {
    const capped = new CappedOutput(5);
    capped.append(Buffer.from('abc'));
    expect(capped.truncated).toBe(false);
    capped.append(Buffer.from('defg'));
    capped.append(Buffer.from('h'));
    expect([capped.text(), capped.truncated]).toEqual(['abcde', true]);
    const tail = new StreamTail(4);
    tail.append(Buffer.from('abc'));
    tail.append(Buffer.from('defg'));
    expect(tail.text()).toBe('defg');
  });
});
