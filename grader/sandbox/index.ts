export { Sandbox, runSandbox } from './run-sandbox';
export type { SandboxOptions } from './run-sandbox';
export type { SandboxFailure, SandboxJob, SandboxLimits, SandboxPlace, SandboxResult, SandboxTest, TestRun } from './sandbox-types';
export { FENCES, probeHostFences, warnMissingFences } from './fences';
export type { FenceName, HostFences } from './fences';
