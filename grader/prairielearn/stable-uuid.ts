import { createHash } from 'crypto';

/** vmlab's own namespace for name-based UUIDs (any fixed UUID works: it keeps these apart from other names). */
const VMLAB_NAMESPACE = '2f0b6c1e-8d4a-4c52-9e7a-5b3d1f6a0c84';

/**
 * An RFC 9562 version 5 UUID (SHA-1 of a namespace and a name): the same name
 * gives the same UUID on every run, so a question regenerated for the same
 * assignment keeps the UUID PrairieLearn knows it by.
 */
export function stableUuid(name: string, namespace: string = VMLAB_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
