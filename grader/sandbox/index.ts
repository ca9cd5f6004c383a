export { runSandbox } from './run-sandbox';
export type { SandboxOptions } from './run-sandbox';
export type { SandboxFailure, SandboxJob, SandboxLimits, SandboxResult, SandboxTest, TestRun } from './sandbox-types';
