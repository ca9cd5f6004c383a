import { describeThrown, MAX_ERROR_MESSAGE_LENGTH } from './describe-thrown';

it.each([
  ['an Error', new Error('not implemented: walker'), 'not implemented: walker'],
  ['another kind of error, by its name', new RangeError('bad index'), 'RangeError: bad index'],
  ['a thrown string', 'oops', 'oops'],
])('describes %s', (_name, thrown, text) => {
  expect(describeThrown(thrown)).toBe(text);
});

it('cuts a long message to the limit, the mark of the cut included', () => {
  const text = describeThrown(new Error('x'.repeat(5000)));
  expect(text).toHaveLength(MAX_ERROR_MESSAGE_LENGTH);
  expect(text.endsWith('x […]')).toBe(true);
  expect(describeThrown(new Error('y'.repeat(MAX_ERROR_MESSAGE_LENGTH)))).toBe('y'.repeat(MAX_ERROR_MESSAGE_LENGTH));
});
