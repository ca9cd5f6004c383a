import { createHmac } from 'crypto';

/**
 * A student's seed for the generated tests: the first 32 bits of
 * HMAC-SHA256(secret, student id). Keyed, so a student who knows their id and
 * this code still cannot compute another student's variant (or their own
 * before the course publishes it) without the course's secret.
 */
export function studentSeedFromId(student: string, secret: string): number {
  return createHmac('sha256', secret).update(student, 'utf8').digest().readUInt32BE(0);
}
