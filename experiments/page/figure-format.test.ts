import { formatCount, formatRatio } from './figure-format';

test.each([
  [0, '0'], [7, '7'], [1234, '1,234'], [12345678, '12,345,678'],
])('count %p: %p', (value, text) => {
  expect(formatCount(value)).toBe(text);
});

test.each([
  [0, '0.0'], [4, '4.0'], [1.04, '1.0'], [1.05, '1.1'], [23.96, '24.0'], [1234.56, '1,234.6'],
])('ratio %p: %p', (value, text) => {
  expect(formatRatio(value)).toBe(text);
});
