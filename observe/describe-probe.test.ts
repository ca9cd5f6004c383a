import { describeProbe } from './describe-probe';
import { WalkProbe } from './probe-types';

const WALK: WalkProbe = { kind: 'walk', control: { wp: true, nxe: true, levels: 4 }, root: '0x1000', va: '0x7f1234567abc', access: { kind: 'read', user: true }, memory: {} };

describe('a walk case in one line', () => {
  it('names the access and the controls, as before when no protection is on', () => {
    expect(describeProbe(WALK)).toBe('user read of 0x7f1234567abc, CR3 0x1000 (WP=1, NXE=1, 4-level)');
  });

  it('names each supervisor protection that is on, PKRU in hex, and AC or an implicit access', () => {
    const probe: WalkProbe = { ...WALK, control: { wp: false, nxe: true, levels: 5, smep: true, smap: true, pke: true, pkru: 0x400 }, access: { kind: 'write', user: false, ac: true, implicit: true } };
    expect(describeProbe(probe)).toBe('implicit supervisor write (AC=1) of 0x7f1234567abc, CR3 0x1000 (WP=0, NXE=1, 5-level, SMEP=1, SMAP=1, PKE=1 PKRU=0x400)');
  });

  it('says nothing of a protection that is off, or of PKRU without PKE', () => {
    const probe: WalkProbe = { ...WALK, control: { wp: true, nxe: true, levels: 4, smep: false, pkru: 0xffffffff }, access: { kind: 'fetch', user: false, ac: false } };
    expect(describeProbe(probe)).toBe('supervisor fetch of 0x7f1234567abc, CR3 0x1000 (WP=1, NXE=1, 4-level)');
  });
});
