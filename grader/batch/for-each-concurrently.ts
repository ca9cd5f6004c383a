/**
 * Run `work` on every item, at most `jobs` at a time, in order of start. A
 * small pool: each runner takes the next item when its previous one is done.
 * `work` is expected to handle its own errors; one that rejects stops its
 * runner and rejects the whole call once every runner has stopped.
 */
export async function forEachConcurrently<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  };
  const runners = Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, runner);
  const settled = await Promise.allSettled(runners);
  const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}
