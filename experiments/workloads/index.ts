import { compileLike } from './compile-like';
import { contextSwitchPingPong } from './context-switch-ping-pong';
import { forkExitStorm } from './fork-exit-storm';
import { mmapChurn } from './mmap-churn';
import { tlbMissRandomWalk } from './tlb-miss-random-walk';
import { vmSwitchPingPong } from './vm-switch-ping-pong';
import { Workload } from './workload';

/** Every workload, in the order the page shows them. */
export const WORKLOADS: readonly Workload[] = [forkExitStorm, contextSwitchPingPong, vmSwitchPingPong, mmapChurn, tlbMissRandomWalk, compileLike];
