import { Observation } from '../../reference/observe/observation';
import { Probe } from '../../reference/observe/probe-types';

/**
 * The IPC protocol between the grader and its child (sandbox-child.js): the
 * parent sends one request per test, the child answers with one reply. The
 * student's code runs in the child and can send messages too, so a reply is
 * untrusted data: it is only parsed (Node's IPC is JSON) and checked here,
 * never evaluated.
 */
export interface TestRequest {
  readonly id: string;
  readonly probes: readonly Probe[];
}

export interface TestReply {
  readonly id: string;
  readonly observations: readonly Observation[];
}

export type ReplyCheck = { readonly ok: true; readonly observations: readonly Observation[] } | { readonly ok: false; readonly problem: string };

/**
 * Is `message` the reply to the test `expectedId` with `probeCount`
 * observations? Each observation must be a JSON object with a string `kind`:
 * what it says is judged later, by the grader, against the reference.
 */
export function checkReply(message: unknown, expectedId: string, probeCount: number): ReplyCheck {
  if (!isObject(message)) return { ok: false, problem: `expected an object, got ${describe(message)}` };
  const keys = Object.keys(message).sort().join(',');
  if (keys !== 'id,observations') return { ok: false, problem: `unexpected fields (${keys || 'none'})` };
  if (message.id !== expectedId) return { ok: false, problem: `answer for test ${JSON.stringify(message.id)}, expected ${JSON.stringify(expectedId)}` };
  const observations = message.observations;
  if (!Array.isArray(observations)) return { ok: false, problem: `observations is ${describe(observations)}, not a list` };
  if (observations.length !== probeCount) return { ok: false, problem: `${observations.length} observations for ${probeCount} probes` };
  const bad = observations.findIndex((o) => !isObject(o) || typeof o.kind !== 'string');
  if (bad >= 0) return { ok: false, problem: `observation ${bad} has no kind` };
  return { ok: true, observations: observations as Observation[] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value;
}
