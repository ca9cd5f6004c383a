import { expandSuite } from '../../assignments/framework/expand-tests';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { ReferenceObservations } from '../grade/reference-observations';
import { AuditJob, AuditMessage } from './audit-protocol';
import { ObservedTest, evaluateMutant } from './evaluate-mutant';

/**
 * The audit child's entry (started by audit-child-bootstrap.ts): receive one
 * job, observe the reference once, then evaluate the mutants one by one,
 * reporting each as it goes, and exit.
 */
const send = (message: AuditMessage) => new Promise<void>((resolve) => process.send!(message, undefined, undefined, () => resolve()));

process.once('message', (job: AuditJob) => {
  void run(job).then(
    () => process.disconnect(),
    (error: unknown) => send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }).then(() => process.disconnect()),
  );
});

async function run(job: AuditJob): Promise<void> {
  const assignment = loadAssignment(job.assignmentDir);
  const reference = new ReferenceObservations();
  const tests: ObservedTest[] = assignment.suites.flatMap((suite) => expandSuite(suite)).map((test) => ({ test, expected: reference.of(test) }));
  await send({ type: 'ready' });
  for (let index = 0; index < job.mutants.length; index++) {
    await send({ type: 'start', index });
    await send({ type: 'outcome', index, outcome: evaluateMutant(job.repoRoot, job.mutants[index], tests) });
  }
}
