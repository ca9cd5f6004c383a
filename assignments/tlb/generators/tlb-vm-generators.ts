import { choiceParam } from '../../generators/generator-params';
import { shapedTlbGenerator } from './tlb-generator-kit';
import { GEOMETRIES, shuffled } from './tlb-layout';
import { distinct } from './tlb-tag-generators';
import { Context } from './tlb-script';

const ROOMY = GEOMETRIES.filter((geometry) => geometry.entries >= 32);

/**
 * VMs taking turns on one CPU, each with its working set, as the hypervisor
 * runs them: each turn looks its pages up (and fills the ones that miss),
 * then the VM exits and the next one is entered (two transitions). With
 * VPIDs every VM's entries carry its VPID and survive every transition, so
 * a turn hits what the VM's last turn left; without, every entry is VPID
 * 0's and each transition drops them all (and says how many). Now and then
 * the hypervisor changes a VM's nested tables and runs INVVPID for it.
 */
export const vmTransitionsGenerator = shapedTlbGenerator({
  name: 'tlb-vm-transitions',
  description: 'VMs taking turns with and without VPIDs: transitions drop every entry without VPIDs and nothing with them; INVVPID drops one VM\'s',
  geometries: ROOMY,
  params: { names: ['vpid'], read: (params) => ({ vpid: choiceParam<boolean>(params, 'vpid', [true, false]) }) },
  shape(script, { vpid: choices }) {
    const { random, layout } = script;
    const vpidEnabled = random.pick(choices);
    const vms = distinct(random, random.int(2, 3), 1, 20);
    const contextOf = (vm: number): Context => ({ vpid: vpidEnabled ? vm : 0, pcid: 0 });
    // Each VM's working set: a few pages of its own and one at the same address in every VM.
    const shared = layout.nth('4K', random.int(0, 63));
    const workingSet = new Map(vms.map((vm, index) => [vm, [shared, ...Array.from({ length: random.int(2, 4) }, (_, k) => layout.nth('4K', 64 + 8 * index + k))]]));
    const global = layout.page('4K', random.int(0, layout.sets - 1), 0, 'kernel');
    const cached = new Set<string>();
    for (let turn = 0; turn < 6; turn++) {
      const vm = vms[turn % vms.length];
      const context = contextOf(vm);
      if (turn === 0) script.fill(context, { page: global, global: true, rights: 'rwx' });
      for (const page of shuffled(random, workingSet.get(vm)!)) {
        script.lookup(context, page);
        // Fill what the VM has not cached yet (a walk would follow the miss); later turns rely on the TLB.
        const key = `${vm}/${page}`;
        if (!cached.has(key) || !vpidEnabled) script.fill(context, { page });
        cached.add(key);
      }
      script.lookup(context, global, '4K', { user: false });
      if (turn === 3 && vpidEnabled) {
        const changed = random.pick(vms);
        script.invvpid(changed);
        for (const page of workingSet.get(changed)!) cached.delete(`${changed}/${page}`);
        script.lookup(contextOf(changed), shared);
      }
      script.vmTransition(vpidEnabled).vmTransition(vpidEnabled);
    }
    script.flushAll();
    script.lookup(contextOf(vms[0]), shared);
  },
});

/**
 * INVVPID: single-context drops every entry of one VPID, in every PCID,
 * global ones included, and nothing of other VPIDs; all-contexts drops
 * everything. Each returns how many entries it dropped.
 */
export const invvpidGenerator = shapedTlbGenerator({
  name: 'tlb-invvpid',
  description: 'INVVPID single-context (every entry of one VPID, globals too) and all-contexts (everything), with the counts',
  geometries: ROOMY,
  shape(script) {
    const { random, layout } = script;
    const [unused, ...vpids] = distinct(random, 4, 1, 0xffff);
    const pcids = distinct(random, 2, 0, 0xfff);
    const user = [layout.nth('4K', random.int(0, 15)), layout.nth('4K', random.int(16, 31))];
    const global = layout.page('4K', random.int(0, layout.sets - 1), 0, 'kernel');
    for (const vpid of vpids) {
      for (const pcid of pcids) script.fill({ vpid, pcid }, { page: random.pick(user) });
      if (random.chance(0.7)) script.fill({ vpid, pcid: pcids[0] }, { page: global, global: true, rights: 'rwx' });
    }
    const lookAround = () => {
      for (const vpid of shuffled(random, vpids)) {
        const context = { vpid, pcid: random.pick(pcids) };
        for (const page of user) script.lookup(context, page);
        script.lookup(context, global, '4K', { user: false });
      }
    };
    lookAround();
    script.invvpid(random.pick(vpids));
    lookAround();
    script.invvpid(unused);
    script.flushAll();
    lookAround();
    script.flushAll();
  },
});
