import { z } from 'zod';
import { instantSchema } from '../twins/pack.schema.ts';

const keyId = z.string().length(16);
const pem = z.string().startsWith('-----BEGIN PUBLIC KEY-----');

export const publicKeySchema = z.object({ keyId, publicKeyPem: pem }).strict();

/** The registry's signed list of twin owners' keys: a pack is trusted when its ownerKeyId is on it. */
export const ownerListSchema = z
  .object({
    format: z.literal('owners/1'),
    issuedAt: instantSchema,
    owners: z.array(
      z.object({ keyId, publicKeyPem: pem, name: z.string().min(1), agency: z.string().min(1) }).strict(),
    ),
    registryKeyId: keyId,
    signature: z.string().min(1),
  })
  .strict();
export type OwnerList = z.infer<typeof ownerListSchema>;
