import { LatePolicy } from './late-policy';

/** More time for one student: a new due date, or time added to the policy's. */
export interface Extension {
  readonly student: string;
  readonly change: { readonly kind: 'due'; readonly dueMs: number } | { readonly kind: 'extra'; readonly ms: number };
  readonly reason: string;
}

/** The due date an extension gives under a policy; an extension never moves the due date earlier. */
export function extendedDueMs(policy: LatePolicy, extension: Extension | undefined): number {
  if (extension === undefined) return policy.dueMs;
  const due = extension.change.kind === 'due' ? extension.change.dueMs : policy.dueMs + extension.change.ms;
  return Math.max(policy.dueMs, due);
}

/**
 * The extension that applies to a submission: of those given to any of its
 * members (a group's partners share one submission), the one with the latest
 * due date; undefined when none has one.
 */
export function mostGenerous(policy: LatePolicy, members: readonly string[], extensions: readonly Extension[]): Extension | undefined {
  let best: Extension | undefined;
  for (const extension of extensions) {
    if (!members.includes(extension.student)) continue;
    if (best === undefined || extendedDueMs(policy, extension) > extendedDueMs(policy, best)) best = extension;
  }
  return best;
}
