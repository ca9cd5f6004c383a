// Hostile corpus, kind extra-files: a correct walker in a file that is not a student file; starter/src/walker.ts re-exports it.
// ---- the walk key, its export renamed keyWalker: test/hostile-submissions/support/corpus.ts splices it in ----

export const helperWalker = keyWalker;
