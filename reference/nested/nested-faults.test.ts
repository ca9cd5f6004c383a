import { AccessKind, RIGHT_EXECUTE, RIGHT_READ, RIGHT_USER, RIGHT_WRITE } from '../paging/rights';
import { TableWalkFault } from '../paging/walk-tables';
import { eptViolationQualification, nptExitInfo1 } from './nested-faults';
import { NestedWalkStage } from './nested-types';

// Exit-qualification bits, spelled out from SDM table 28-7 rather than imported.
const READ = 0x1;
const WRITE = 0x2;
const FETCH = 0x4;
const READABLE = 0x8;
const WRITABLE = 0x10;
const EXECUTABLE = 0x20;
const LINEAR_VALID = 0x80;
const FINAL = 0x100;

describe('eptViolationQualification (SDM 28.2.1, table 28-7)', () => {
  const cases: [string, AccessKind, number, NestedWalkStage, number][] = [
    ['final read of a not-present gPA', 'read', 0, 'final', READ | LINEAR_VALID | FINAL],
    ['final write to a read/execute page', 'write', RIGHT_READ | RIGHT_EXECUTE, 'final', WRITE | READABLE | EXECUTABLE | LINEAR_VALID | FINAL],
    ['final fetch from a read/write page', 'fetch', RIGHT_READ | RIGHT_WRITE, 'final', FETCH | READABLE | WRITABLE | LINEAR_VALID | FINAL],
    ['final read of an execute-only page', 'read', RIGHT_EXECUTE, 'final', READ | EXECUTABLE | LINEAR_VALID | FINAL],
    ['guest-table read of a not-present gPA', 'read', 0, 'guest-table', READ | LINEAR_VALID],
    // With EPT A/D on, a guest-table access is a write, and the footnote of table 28-7 sets bits 0 and 1.
    ['guest-table access treated as a write, read-only page', 'write', RIGHT_READ, 'guest-table', READ | WRITE | READABLE | LINEAR_VALID],
  ];
  test.each(cases)('%s', (_name, access, rights, stage, expected) => {
    expect(eptViolationQualification({ access, rights, stage })).toBe(expected);
  });

  test('the user bit of EPT rights does not show in the qualification', () => {
    expect(eptViolationQualification({ access: 'read', rights: RIGHT_USER, stage: 'final' })).toBe(READ | LINEAR_VALID | FINAL);
  });
});

describe('nptExitInfo1 (APM 15.25.6)', () => {
  const notPresent: TableWalkFault = { kind: 'not-present', level: 1 };
  const protection: TableWalkFault = { kind: 'protection', level: 1, rights: RIGHT_READ };
  const reserved: TableWalkFault = { kind: 'reserved', level: 2, reason: 'x' };
  const BIT_32 = 1n << 32n;
  const BIT_33 = 1n << 33n;
  const cases: [string, TableWalkFault, AccessKind, NestedWalkStage, bigint][] = [
    // Every nested access is a user access, so U (bit 2) is always set.
    ['final read, not present', notPresent, 'read', 'final', 0x4n | BIT_32],
    ['final write, read-only', protection, 'write', 'final', 0x7n | BIT_32],
    ['final fetch, NX', protection, 'fetch', 'final', 0x15n | BIT_32],
    ['final read, reserved bit', reserved, 'read', 'final', 0xdn | BIT_32],
    ['guest-table access (a user write), not present', notPresent, 'write', 'guest-table', 0x6n | BIT_33],
    ['guest-table access, read-only page', protection, 'write', 'guest-table', 0x7n | BIT_33],
  ];
  test.each(cases)('%s', (_name, fault, access, stage, expected) => {
    expect(nptExitInfo1({ fault, access, stage })).toBe(expected);
  });
});
