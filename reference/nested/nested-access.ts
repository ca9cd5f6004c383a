import { Access, AccessKind } from '../paging/rights';
import { NestedPagingConfig } from './nested-types';

/** User-mode accesses of each kind: under NPT every nested access is one (APM 15.25.5). */
export const NESTED_USER_ACCESS: Readonly<Record<AccessKind, Access>> = Object.freeze({
  read: Object.freeze({ kind: 'read', user: true }),
  write: Object.freeze({ kind: 'write', user: true }),
  fetch: Object.freeze({ kind: 'fetch', user: true }),
});

/**
 * How the nested walk sees the hardware's read of a guest page-table entry:
 * under EPT a read, but a write when EPT A/D is enabled (SDM 29.3.4: so the
 * processor may set the guest's A/D bits); under NPT always a user write.
 * EPT has no user/supervisor distinction and ignores `user`, so one set of
 * user accesses serves both formats.
 */
export function nestedTableAccess(config: NestedPagingConfig): Access {
  return config.format === 'npt' || config.accessedDirty ? NESTED_USER_ACCESS.write : NESTED_USER_ACCESS.read;
}

/** How the nested walk sees the final data access: the guest's own kind (as a user access under NPT). */
export function nestedFinalAccess(config: NestedPagingConfig, guestAccess: Access): Access {
  return config.format === 'npt' ? NESTED_USER_ACCESS[guestAccess.kind] : guestAccess;
}
