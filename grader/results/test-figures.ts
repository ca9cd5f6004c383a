/**
 * The figures of an invariant machine test that differ by design (hidden
 * faults, exits by reason, flushes, walk references, page-table memory),
 * the student's beside the reference's. An invariant test judges outcomes
 * and rules only, so these are reported, never judged: a design that zaps
 * where another updates in place passes with other figures.
 */

/** Every figure, in the order reports list them. */
export const FIGURE_IDS = [
  'hiddenPageFaults',
  'guestPageFaults',
  'exits.pt-write',
  'exits.invlpg',
  'exits.cr3-write',
  'exits.hidden-fault',
  'exits.guest-fault',
  'tlbFlushes',
  'walkMemRefs',
  'pageTablePages.guest',
  'pageTablePages.shadow',
  'pageTablePages.ept',
] as const;
export type FigureId = (typeof FIGURE_IDS)[number];

/** One figure summed over the counted cases: the student's machine's and the reference's. */
export interface FigureValue {
  readonly figure: FigureId;
  readonly yours: number;
  readonly reference: number;
}

export interface TestFigures {
  /** The cases summed: those where both machines ran to the end (a stopped machine has no end-of-run counters). */
  readonly casesCounted: number;
  readonly values: readonly FigureValue[];
}

/** What each figure counts, in the words of a report row. */
export const FIGURE_WORDS: Readonly<Record<FigureId, string>> = {
  hiddenPageFaults: 'hidden page faults',
  guestPageFaults: 'guest page faults',
  'exits.pt-write': 'VM exits: page-table writes (pt-write)',
  'exits.invlpg': 'VM exits: invlpg',
  'exits.cr3-write': 'VM exits: CR3 writes (cr3-write)',
  'exits.hidden-fault': 'VM exits: hidden faults (hidden-fault)',
  'exits.guest-fault': 'VM exits: guest faults (guest-fault)',
  tlbFlushes: 'TLB flushes',
  walkMemRefs: 'page-walk memory references',
  'pageTablePages.guest': "the guest's page-table pages at the end",
  'pageTablePages.shadow': 'shadow page-table pages at the end',
  'pageTablePages.ept': 'EPT/NPT page-table pages at the end',
};

/** The sentence every place that shows figures opens with: they are reported, not judged. */
export const FIGURES_NOT_GRADED = "Your design's figures beside the reference's: not graded.";

/** Why they are not graded, in one sentence. */
export const FIGURES_WHY = 'The test judges outcomes and rules only, so any correct design passes; these show what yours costs.';

/** One side's page-table memory: the hypervisor's tables (shadow or EPT/NPT) against the guest's own. */
export interface PageTableMemory {
  readonly kind: 'shadow' | 'EPT/NPT';
  readonly tables: number;
  readonly guest: number;
}

/** The page-table memory of each side, for the kinds of hypervisor tables either side has (none: a native run). */
export function pageTableMemory(figures: TestFigures): { readonly yours: readonly PageTableMemory[]; readonly reference: readonly PageTableMemory[] } {
  const value = (figure: FigureId) => figures.values.find((candidate) => candidate.figure === figure);
  const guest = value('pageTablePages.guest');
  const sides = (side: 'yours' | 'reference') =>
    (
      [
        ['shadow', value('pageTablePages.shadow')],
        ['EPT/NPT', value('pageTablePages.ept')],
      ] as const
    ).flatMap(([kind, tables]) => (tables === undefined ? [] : [{ kind, tables: tables[side], guest: guest?.[side] ?? 0 }]));
  return { yours: sides('yours'), reference: sides('reference') };
}

/** "shadow page-table pages 12 for the guest's 11 (1.1×)": the lecture's "2× page-table memory" as a ratio. */
export function describeMemory(memory: PageTableMemory): string {
  const ratio = memory.guest === 0 ? '' : ` (${Math.round((10 * memory.tables) / memory.guest) / 10}×)`;
  return `${memory.kind} page-table pages ${memory.tables} for the guest's ${memory.guest}${ratio}`;
}

/** The figures as plain text lines, for Gradescope's output of a test the student may see in full. */
export function describeFigures(figures: TestFigures): string[] {
  const memory = pageTableMemory(figures);
  const cases = `summed over ${figures.casesCounted} case${figures.casesCounted === 1 ? '' : 's'}`;
  return [
    `${FIGURES_NOT_GRADED} ${FIGURES_WHY} (${cases})`,
    ...figures.values.map((value) => `  ${FIGURE_WORDS[value.figure]}: yours ${value.yours}, the reference's ${value.reference}`),
    ...memory.yours.map((side, index) => `  Page-table memory: yours ${describeMemory(side)}; the reference's ${describeMemory(memory.reference[index])}`),
  ];
}
