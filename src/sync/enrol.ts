import { z } from 'zod';
import { keyIdOf, verifyObject, type KeyPairFile, type PublicKeyFile } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { unreachableRegistry } from './registryCa.ts';
import { workstationIdOf } from '../ledger/index.ts';
import { registryRefusal, type RegistryErrorBody } from './registryRefusal.ts';
import { parseEnrolmentToken } from '../registry/enrolmentToken.ts';

const enrolReply = z
  .object({
    format: z.literal('enrolment/1'),
    workstationId: z.string(),
    orgId: z.string(),
    registryPublicKey: z.string(),
    registryKeyId: z.string(),
    retiredKeys: z.array(z.object({ keyId: z.string(), publicKeyPem: z.string() }).strict()),
    serverTime: z.string(),
    signature: z.string(),
  })
  .strict();

export interface Enrolment {
  workstationId: string;
  registryUrl: string;
  registryKeyId: string;
  orgId: string;
  /** Pin this: every receipt, lease and change must verify against it. */
  registryPublicKeyPem: string;
  /** Keys the registry retired by rotation, vouched for by its current key: they verify what they signed earlier. */
  retiredKeys: PublicKeyFile[];
}

function mismatch(message: string, details: Record<string, unknown>): StudioError {
  return new StudioError(
    'ENROL_REGISTRY_MISMATCH',
    `${message}; nothing was trusted. Check the registry URL (a man in the middle or another server answered) or ask for a new token`,
    details,
  );
}

/**
 * Spends a one-time token to enrol this workstation's key. The token names the registry key id (given out of
 * band by the operator): a server answering with any other key, or unable to sign with it, is refused.
 * The caller pins the key and stores the result only after this returns.
 */
export async function enrolWithRegistry(input: {
  registryUrl: string;
  enrolmentToken: string;
  workstationKey: KeyPairFile;
  orgId?: string;
  fetch?: typeof fetch;
}): Promise<Enrolment> {
  const token = parseEnrolmentToken(input.enrolmentToken);
  if (input.orgId !== undefined && input.orgId !== token.orgId) {
    throw new StudioError(
      'ENROLMENT_ORG_MISMATCH',
      `This token is for org ${token.orgId}, not ${input.orgId}; ask for a token for ${input.orgId}`,
      { expected: token.orgId, got: input.orgId },
    );
  }
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(new URL('/v1/enrol', input.registryUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enrolmentToken: input.enrolmentToken.trim(),
        workstationPublicKey: input.workstationKey.publicKeyPem,
        orgId: token.orgId,
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw unreachableRegistry(input.registryUrl, cause);
  }
  const json = (await response.json().catch(() => ({}))) as { error?: RegistryErrorBody };
  if (!response.ok) {
    throw registryRefusal('the enrolment', response.status, json.error);
  }
  const parsed = enrolReply.safeParse(json);
  if (!parsed.success)
    throw mismatch(`The server at ${input.registryUrl} did not answer with a signed enrolment`, {
      registryUrl: input.registryUrl,
    });
  const reply = parsed.data;
  let answeredKeyId: string;
  try {
    answeredKeyId = keyIdOf(reply.registryPublicKey);
  } catch {
    throw mismatch(`The server at ${input.registryUrl} answered with a key that is not an Ed25519 public key`, {
      registryUrl: input.registryUrl,
    });
  }
  if (answeredKeyId !== token.registryKeyId || reply.registryKeyId !== token.registryKeyId) {
    throw mismatch(
      `Expected registry key ${token.registryKeyId} (named by the token); the server at ${input.registryUrl} answered with key ${answeredKeyId}`,
      {
        expected: token.registryKeyId,
        got: answeredKeyId,
        registryUrl: input.registryUrl,
      },
    );
  }
  if (!verifyObject(reply, reply.registryPublicKey))
    throw mismatch(`The enrolment reply is not signed by registry key ${token.registryKeyId}`, {
      expected: token.registryKeyId,
    });
  const mine = workstationIdOf(input.workstationKey.publicKeyPem);
  if (reply.workstationId !== mine || reply.orgId !== token.orgId) {
    throw mismatch(
      `The registry enrolled ${reply.workstationId} for org ${reply.orgId}, not this workstation's ${mine} for ${token.orgId}`,
      {},
    );
  }
  const retiredKeys = reply.retiredKeys.filter((k) => {
    try {
      return keyIdOf(k.publicKeyPem) === k.keyId;
    } catch {
      return false;
    }
  });
  return {
    workstationId: reply.workstationId,
    registryUrl: input.registryUrl,
    registryKeyId: token.registryKeyId,
    orgId: token.orgId,
    registryPublicKeyPem: reply.registryPublicKey,
    retiredKeys,
  };
}
