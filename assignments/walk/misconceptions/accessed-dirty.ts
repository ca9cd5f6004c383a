import { Misconception } from '../../framework/misconception';
import { PTE_A, PTE_D } from '../../../reference/paging/constants';
import { CONCEPTS } from './concepts';
import { WalkCase, adWritesOf, differsInAdWrites, entryOf, has, isFault, onWalk } from './symptoms';

type Write = ReturnType<typeof adWritesOf>[number];

/** The level of the last entry the reference read: the leaf of a translation or of a protection fault. */
const lastLevel = (walk: WalkCase): number | undefined => walk.expected.steps[walk.expected.steps.length - 1]?.level;

/** What the reference's walk read at an address: the entry as it was in memory. */
function entryReadAt(walk: WalkCase, address: bigint): bigint | undefined {
  const step = walk.expected.steps.find((candidate) => BigInt(candidate.entryAddress) === address);
  return step === undefined ? undefined : entryOf(step);
}

/** A/D differences only: steps and outcome agree, so the entries read are the reference's. */
const onAdWrites = (test: (walk: WalkCase, expected: Write[], got: Write[]) => boolean) =>
  onWalk((walk) => differsInAdWrites(walk) && test(walk, adWritesOf(walk.expected), adWritesOf(walk.got)));

const writesBit = (writes: Write[], bit: bigint, where: (write: Write) => boolean = () => true) => writes.some((write) => has(write.bits, bit) && where(write));

/** Accessed and dirty bits: which entries, which bits, when. */
export const ACCESSED_DIRTY_MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'dirty-on-read',
    rule: 'leaf-accessed-dirty',
    title: 'D is set only by a write: a read or a fetch sets A alone',
    explanation: 'D (dirty) records that the page was written, so the operating system knows to save it: a read or an instruction fetch marks the leaf accessed (A) but never dirty (D).',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, expected, got) => walk.probe.access.kind !== 'write' && writesBit(got, PTE_D, (write) => write.level === lastLevel(walk)) && !writesBit(expected, PTE_D)),
  },
  {
    id: 'dirty-above-the-leaf',
    rule: 'leaf-accessed-dirty',
    title: 'D belongs to the leaf alone: table entries get A, never D',
    explanation: 'Only the entry that maps the page records that it was written; the table entries above it record only that the walk used them (A).',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, _expected, got) => writesBit(got, PTE_D, (write) => write.level !== lastLevel(walk))),
  },
  {
    id: 'leaf-accessed-on-refused-access',
    rule: 'leaf-accessed-dirty',
    title: 'The leaf gets A (and D) only when the access is allowed: a protection fault marks nothing there',
    explanation: 'The leaf is marked once the rights check passes: an access the rights refuse never reached the page, so the leaf keeps its A and D bits as they were (the tables above were used, and keep their A).',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, _expected, got) => isFault(walk.expected.result, 'protection') && got.some((write) => write.level === lastLevel(walk))),
  },
  {
    id: 'table-accessed-only-on-success',
    rule: 'table-accessed',
    title: 'Table entries get A as the walk passes them, even when a lower level faults',
    explanation: 'The hardware sets A in each table entry when it uses it to find the next table, before it knows how the walk ends: a walk that faults lower down still leaves A in every table entry it went through.',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, expected, got) => !walk.expected.result.ok && expected.some((want) => !got.some((have) => have.entryAddress === want.entryAddress && has(have.bits, PTE_A)))),
  },
  {
    id: 'rewrites-set-bits',
    rule: 'only-clear-bits',
    title: 'Only clear A and D bits are asked for: an entry that has them already gets no write',
    explanation: 'Setting A or D is a locked write to the page table, made only when the bit is still clear; asking again for a bit that is already set is a write the hardware never makes.',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, _expected, got) => got.some((write) => (write.bits & (entryReadAt(walk, write.entryAddress) ?? 0n)) !== 0n)),
  },
  {
    id: 'no-dirty-on-write',
    rule: 'leaf-accessed-dirty',
    title: 'A write that is allowed sets D in the leaf, with A',
    explanation: 'A successful write marks the leaf dirty (D) as well as accessed (A), when they are clear, so the operating system knows the page must be saved.',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, expected, got) => walk.probe.access.kind === 'write' && writesBit(expected, PTE_D) && !writesBit(got, PTE_D)),
  },
  {
    id: 'table-accessed-missing',
    rule: 'table-accessed',
    title: 'Every table entry the walk goes through gets A, not only the leaf',
    explanation: 'Each entry the walk uses is marked accessed: the table entries above the leaf as the walk passes them, the leaf once the access is allowed.',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, expected, got) =>
      expected.some((want) => want.level !== lastLevel(walk) && !got.some((have) => have.entryAddress === want.entryAddress && has(have.bits, PTE_A))),
    ),
  },
  {
    id: 'ad-writes-out-of-order',
    rule: 'only-clear-bits',
    title: 'One A/D write per entry, top down in walk order',
    explanation: 'The bits are asked for in the order the walk uses the entries, from the top table to the leaf, with A and D of the leaf in one write.',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((_walk, expected, got) => {
      const key = (write: Write) => `${write.level}:${write.entryAddress}:${write.bits}`;
      const sorted = (writes: Write[]) => writes.map(key).sort().join(',');
      return got.length !== new Set(got.map((write) => write.entryAddress)).size || sorted(expected) === sorted(got);
    }),
  },
  {
    id: 'leaf-accessed-missing',
    rule: 'leaf-accessed-dirty',
    title: 'An allowed access sets A in the leaf',
    explanation: 'Once the access passes the rights check the leaf is marked accessed (A), when it is clear, so the operating system can tell which pages are in use.',
    concept: CONCEPTS.accessedDirty,
    recognise: onAdWrites((walk, expected, got) => walk.expected.result.ok && writesBit(expected, PTE_A, (write) => write.level === lastLevel(walk)) && !writesBit(got, PTE_A, (write) => write.level === lastLevel(walk))),
  },
];
