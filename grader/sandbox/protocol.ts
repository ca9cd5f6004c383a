import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';

/**
 * The protocol between the grader and its child (sandbox-child.js), on two
 * pipes of the grader's own rather than Node's IPC channel (whose parser
 * throws in the grader on a malformed line): the parent writes one request
 * per test, a line of JSON, to the child's fd 3; the child answers each with
 * one reply line on its fd 4 (read by reply-lines.ts). The student's code
 * runs in the child and can write to fd 4 too, so a reply is untrusted data:
 * it is only parsed and checked here, never evaluated.
 */
export const REQUEST_FD = 3;
export const REPLY_FD = 4;

/**
 * The child's exit code when it cannot read its requests or write a reply
 * (student code closed or broke a channel). Student code can exit with it
 * too: that fails its test all the same.
 */
export const CHANNEL_LOST_EXIT_CODE = 97;

export interface TestRequest {
  readonly id: string;
  readonly probes: readonly Probe[];
}

export interface TestReply {
  readonly id: string;
  readonly observations: readonly Observation[];
}

/** A request as the line the child reads (JSON.stringify escapes every newline inside). */
export function encodeRequest(request: TestRequest): string {
  return `${JSON.stringify(request)}\n`;
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
  if (keys !== 'id,observations') return { ok: false, problem: `unexpected fields (${keys.slice(0, 200) || 'none'})` };
  if (message.id !== expectedId) return { ok: false, problem: `answer for test ${quoteCapped(message.id)}, expected ${JSON.stringify(expectedId)}` };
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

/** A value from the child, quoted for a message and cut short: it may be anything, of any length. */
function quoteCapped(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : describe(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
