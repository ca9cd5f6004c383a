import { Misconception } from '../../framework/misconception';
import { HANDLER_MISCONCEPTIONS } from './handler-misconceptions';
import { SYNC_MISCONCEPTIONS } from './sync-misconceptions';

/**
 * The shadow assignment's misconceptions, most specific first. The stops and
 * the injections come first (the handler's answers), then the guest's own
 * entries (emulated stores before A/D bits), then the snapshot rules: the
 * stale TLB and shadow entries the sync leaves, before what the handler fills.
 */
const [leafAtTableLevel, fixedInsteadOfInjected, injectedForAllowed, ...handlerRest] = HANDLER_MISCONCEPTIONS;
const [cr3ReturnsNoRoot, emulationLoop, truncated, merged, notExact, ...syncRest] = SYNC_MISCONCEPTIONS;

export const MISCONCEPTIONS: readonly Misconception[] = [
  leafAtTableLevel,
  cr3ReturnsNoRoot,
  fixedInsteadOfInjected,
  injectedForAllowed,
  emulationLoop,
  truncated,
  merged,
  notExact,
  ...syncRest,
  ...handlerRest,
];
