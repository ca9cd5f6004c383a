// @ts-nocheck
// Hostile corpus, kind report-write (escape): process.report.writeReport() into the cwd and into /tmp (a diagnostic report with the environment and command lines).
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
/** The one public test that walks 0x800000000000 (walk.public.non-canonical): the attack fires there only. */
const isTrigger = (va) => va === 0x800000000000n;

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { try { process.report.writeReport(); } catch {} try { process.report.writeReport('/tmp/hostile-written-report.json'); } catch {} }
    throw new Error('not implemented: walker');
  },
};
