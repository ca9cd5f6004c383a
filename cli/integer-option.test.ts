import { InvalidArgumentError } from 'commander';
import { integerIn } from './integer-option';

describe('integerIn', () => {
  const parse = integerIn(1, 100);

  it.each([
    ['1', 1],
    ['100', 100],
    [' 42 ', 42],
  ])('accepts %j as %i', (text, value) => {
    expect(parse(text)).toBe(value);
  });

  it.each(['0', '101', '-1', '1.5', '1e2', '0x10', '', 'ten', '12abc'])('refuses %j', (text) => {
    expect(() => parse(text)).toThrow(InvalidArgumentError);
    expect(() => parse(text)).toThrow('It must be an integer in [1, 100].');
  });
});
