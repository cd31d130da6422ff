import { z } from 'zod';
import { keyIdOf, type KeyPairFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { workstationIdOf } from '../ledger/index.ts';
import { registryRefusal, type RegistryErrorBody } from './registryRefusal.ts';

const enrolReply = z.object({ workstationId: z.string(), registryPublicKey: z.string(), registryKeyId: z.string() }).strict();

export interface Enrolment {
  workstationId: string;
  registryUrl: string;
  registryKeyId: string;
  /** Pin this: every receipt, lease and change must verify against it. */
  registryPublicKeyPem: string;
}

/** Spends a one-time token to enrol this workstation's key; the caller stores the result in the workspace. */
export async function enrolWithRegistry(input: { registryUrl: string; enrolmentToken: string; workstationKey: KeyPairFile; orgId: string; fetch?: typeof fetch }): Promise<Enrolment> {
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(new URL('/v1/enrol', input.registryUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrolmentToken: input.enrolmentToken, workstationPublicKey: input.workstationKey.publicKeyPem, orgId: input.orgId }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw new StudioError('REGISTRY_UNREACHABLE', `Could not reach the registry at ${input.registryUrl}: ${(cause as Error).message}`, { registryUrl: input.registryUrl }, { cause });
  }
  const json = (await response.json().catch(() => ({}))) as { error?: RegistryErrorBody };
  if (!response.ok) {
    throw registryRefusal('the enrolment', response.status, json.error);
  }
  const reply = enrolReply.parse(json);
  if (reply.workstationId !== workstationIdOf(input.workstationKey.publicKeyPem)) {
    throw new StudioError('ENROLMENT_MISMATCH', `The registry enrolled ${reply.workstationId}, not this workstation's ${workstationIdOf(input.workstationKey.publicKeyPem)}`, {});
  }
  if (keyIdOf(reply.registryPublicKey) !== reply.registryKeyId) {
    throw new StudioError('ENROLMENT_MISMATCH', `The registry key id ${reply.registryKeyId} does not match its public key`, {});
  }
  return { workstationId: reply.workstationId, registryUrl: input.registryUrl, registryKeyId: reply.registryKeyId, registryPublicKeyPem: reply.registryPublicKey };
}
