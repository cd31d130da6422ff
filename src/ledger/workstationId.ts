import { keyIdOf } from '../crypto/index.ts';

/**
 * A workstation's id is derived from its public key, so records made offline before enrolment already carry
 * the id the registry will assign (it derives the same id from the key it is given).
 */
export function workstationIdOf(publicKeyPem: string): string {
  return `ws-${keyIdOf(publicKeyPem)}`;
}
