import { Probe, WalkProbeAccess, WalkProbeControl } from './probe-types';
import { describeTlbProbe } from './tlb/tlb-wording';

/** A probe in one line, as feedback names a case: "user write of 0x7f0000001000, CR3 0x1000 (WP=1, NXE=1, 4-level)". */
export function describeProbe(probe: Probe): string {
  switch (probe.kind) {
    case 'walk':
      return (
        `${describeAccess(probe.access)} of ${probe.va}, CR3 ${probe.root} (${describeControl(probe.control)})` +
        (probe.failingReads?.length ? `, reads of ${probe.failingReads.join(', ')} fail` : '')
      );
    case 'nested-walk':
      return (
        `${describeAccess(probe.guest.access)} of ${probe.guest.va}, guest CR3 ${probe.guest.root} (${describeControl(probe.guest.control)}), ` +
        `${probe.nested.format.toUpperCase()} root ${probe.nested.root} (${probe.nested.levels}-level${probe.nested.format === 'ept' ? `, A/D ${probe.nested.accessedDirty ? 'on' : 'off'}` : ''})`
      );
    case 'machine': {
      const { scenario } = probe;
      const name = scenario.name === undefined ? 'a scenario' : `scenario "${scenario.name}"`;
      return `${name}: ${scenario.events.length} events in ${scenario.machine?.mode ?? 'native'} mode`;
    }
    case 'tlb':
      return describeTlbProbe(probe);
  }
}

/** "supervisor read", "implicit supervisor read", "supervisor write (AC=1)": AC is named only when set. */
function describeAccess(access: WalkProbeAccess): string {
  return `${access.implicit === true ? 'implicit ' : ''}${access.user ? 'user' : 'supervisor'} ${access.kind}${access.ac === true ? ' (AC=1)' : ''}`;
}

/** "WP=1, NXE=1, 4-level", then each supervisor protection that is on: ", SMEP=1, SMAP=1, PKE=1 PKRU=0x400". */
function describeControl(control: WalkProbeControl): string {
  const protections = [
    control.smep === true ? 'SMEP=1' : '',
    control.smap === true ? 'SMAP=1' : '',
    control.pke === true ? `PKE=1 PKRU=0x${(control.pkru ?? 0).toString(16)}` : '',
  ].filter((text) => text !== '');
  return [`WP=${control.wp ? 1 : 0}`, `NXE=${control.nxe ? 1 : 0}`, `${control.levels}-level`, ...protections].join(', ');
}
