import { Access } from '../paging/rights';
import { R, U, W, X, supervisor, user } from './test-support/access-shorthand';
import { tlbEntryPermits } from './tlb-permits';

describe('tlbEntryPermits', () => {
  test.each<[string, number, boolean, Access, boolean, 'hit' | 'needs-walk']>([
    // description, rights, dirty, access, CR0.WP, expected
    ['user read of a user page', R | W | X | U, false, user('read'), true, 'hit'],
    ['user write to a dirty writable page', R | W | U, true, user('write'), true, 'hit'],
    ['user write to a clean writable page: must walk to set D', R | W | U, false, user('write'), true, 'needs-walk'],
    ['user write to a dirty read-only page', R | U, true, user('write'), true, 'needs-walk'],
    ['user read of a supervisor page', R | W | X, true, user('read'), true, 'needs-walk'],
    ['user write to a supervisor page', R | W | X, true, user('write'), true, 'needs-walk'],
    ['user fetch of an NX page', R | W | U, true, user('fetch'), true, 'needs-walk'],
    ['user fetch of an executable page', R | X | U, false, user('fetch'), true, 'hit'],
    ['supervisor read of a supervisor page', R, false, supervisor('read'), true, 'hit'],
    ['supervisor read of a user page', R | U, false, supervisor('read'), true, 'hit'],
    ['supervisor write to a dirty read-only page with WP=0', R, true, supervisor('write'), false, 'hit'],
    ['supervisor write to a dirty read-only page with WP=1', R, true, supervisor('write'), true, 'needs-walk'],
    ['supervisor write to a clean read-only page with WP=0', R, false, supervisor('write'), false, 'needs-walk'],
    ['user write to a dirty read-only page with WP=0', R | U, true, user('write'), false, 'needs-walk'],
    ['supervisor fetch of an NX page', R | W, true, supervisor('fetch'), true, 'needs-walk'],
    ['user read of an execute-only (EPT) page', X | U, true, user('read'), true, 'needs-walk'],
    ['user fetch of an execute-only (EPT) page', X | U, true, user('fetch'), true, 'hit'],
  ])('%s: %s', (_, rights, dirty, access, wp, expected) => {
    expect(tlbEntryPermits({ rights, dirty }, access, wp)).toBe(expected);
  });
});
