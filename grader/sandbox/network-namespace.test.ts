import { runSandbox } from './run-sandbox';
import { networkNamespaceLauncher } from './network-namespace';
import { fakeProbe, FakeSubmission, makeFakeSubmission } from './test-support/fake-submission';

let submission: FakeSubmission;
beforeAll(() => {
  submission = makeFakeSubmission();
});
afterAll(() => submission.remove());

/** The network interfaces the child sees (with addresses: an interface that is down has none). */
async function childInterfaces(networkNamespace: boolean): Promise<unknown> {
  const result = await runSandbox(
    {
      root: submission.root,
      componentsModule: submission.componentsModule,
      tests: [{ id: 'interfaces', probes: [fakeProbe('interfaces')] }],
      limits: { testSeconds: 5, submissionSeconds: 10, memoryMiB: 128 },
    },
    { networkNamespace },
  );
  const [run] = result.runs;
  return run?.status === 'ok' ? run.observations[0] : run;
}

// Where unprivileged user namespaces are unavailable (macOS, Windows, some
// containers) the sandbox runs without one: only the in-process guards apply.
const linuxWithNamespaces = networkNamespaceLauncher() !== null ? it : it.skip;

describe('network namespace', () => {
  linuxWithNamespaces('leaves the child no network interface at all', async () => {
    expect(await childInterfaces(true)).toEqual({ kind: 'walk', interfaces: [] });
  });

  it('is left out when not asked for (the child then sees the host interfaces)', async () => {
    expect(await childInterfaces(false)).toEqual({ kind: 'walk', interfaces: expect.arrayContaining(['lo']) });
  });
});
