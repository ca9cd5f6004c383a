import { Mutant, MutantOutcome } from './mutant';

/** Parent → child, once: what to load and which mutants to evaluate, in order. */
export interface AuditJob {
  readonly repoRoot: string;
  readonly assignmentDir: string;
  readonly mutants: readonly Mutant[];
}

/** Child → parent. `start` arms the parent's per-mutant watchdog; a child that stops without `outcome` crashed on that mutant. */
export type AuditMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'start'; readonly index: number }
  | { readonly type: 'outcome'; readonly index: number; readonly outcome: MutantOutcome }
  | { readonly type: 'failed'; readonly message: string };
