import { closestName } from './suggest';

const FIELDS = ['op', 'vm', 'pid', 'va', 'pages', 'prot'];
const OPS = ['spawn', 'exit', 'fork', 'mmap', 'munmap', 'mprotect', 'read', 'write', 'exec', 'inspect', 'clear-ad'];

describe('closestName', () => {
  it.each([
    ['pagse', FIELDS, 'pages'],
    ['page', FIELDS, 'pages'],
    ['Pages', FIELDS, 'pages'],
    ['mmapp', OPS, 'mmap'],
    ['munamp', OPS, 'munmap'],
    ['clear_ad', OPS, 'clear-ad'],
    ['wirte', OPS, 'write'],
  ])('%s → %s', (name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });

  it.each([
    ['address', FIELDS],
    ['x', FIELDS],
    ['load', OPS],
  ])('%s has no close candidate', (name, candidates) => {
    expect(closestName(name, candidates)).toBeUndefined();
  });
});
