import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
import { StudioError } from '../errors/index.ts';

/**
 * The studio org's C2PA signing identity: an ES256 (P-256) key and an end-entity certificate issued by the
 * org's CA. C2PA validators (c2pa-rs) check the end-entity profile: v3, digitalSignature key usage, an EKU
 * from their list (we use emailProtection + documentSigning), not a CA, AKI/SKI present.
 */
export interface SigningIdentity {
  /** PEM of the signing (end-entity) certificate. */
  certificatePem: string;
  /** PEM certificates above it, nearest first (the test CA here). */
  chainPem: string[];
  /** PKCS#8 PEM of the signing key. */
  privateKeyPem: string;
}

export const CERTIFICATE_FILES = {
  caCertificate: 'ca.cert.pem',
  caKey: 'ca.key.pem',
  signingCertificate: 'signing.cert.pem',
  signingKey: 'signing.key.pem',
} as const;

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const ID_KP_DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';
const DAY_MS = 86_400_000;

function pem(der: ArrayBuffer, label: string): string {
  return PemConverter.encode(der, label) + '\n';
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

function dnPart(value: string): string {
  // Keep DN values printable and free of the characters that need RFC 4514 escaping.
  const clean = value.replace(/[^\p{L}\p{N} .\-_]/gu, '').trim();
  if (!clean)
    throw new StudioError('ORG_NAME_INVALID', `Expected an org name with letters or digits, got "${value}"`, {
      orgName: value,
    });
  return clean;
}

/** Makes a demo CA and an org signing certificate under it. Nothing here is trusted by public trust lists. */
export async function createTestSigningIdentity(options: {
  orgName: string;
  now: Date;
  validDays?: number;
}): Promise<SigningIdentity & { caKeyPem: string }> {
  const org = dnPart(options.orgName);
  const { now } = options;
  const notBefore = new Date(now.getTime() - DAY_MS);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 825) * DAY_MS);

  const caKeys = await generateKeys();
  const ca = await X509CertificateGenerator.createSelfSigned({
    name: `CN=${org} Test CA, O=${org}`,
    keys: caKeys,
    notBefore,
    notAfter: new Date(notAfter.getTime() + 365 * DAY_MS),
    signingAlgorithm: SIGN_SHA256,
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const keys = await generateKeys();
  const cert = await X509CertificateGenerator.create({
    subject: `CN=${org} Content Credentials, O=${org}`,
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    notBefore,
    notAfter,
    signingAlgorithm: SIGN_SHA256,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.emailProtection, ID_KP_DOCUMENT_SIGNING]),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  return {
    certificatePem: cert.toString('pem') + '\n',
    chainPem: [ca.toString('pem') + '\n'],
    privateKeyPem: pem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'),
    caKeyPem: pem(await webcrypto.subtle.exportKey('pkcs8', caKeys.privateKey), 'PRIVATE KEY'),
  };
}

/** Loads the org's signing identity from `dir`, creating a test CA and certificate there first if none exists. */
export async function ensureSigningIdentity(options: {
  dir: string;
  orgName: string;
  now: Date;
}): Promise<SigningIdentity> {
  const existing = await loadSigningIdentity(options.dir).catch((error: unknown) => {
    if (error instanceof StudioError && error.code === 'SIGNING_IDENTITY_MISSING') return undefined;
    throw error;
  });
  if (existing) return existing;
  const made = await createTestSigningIdentity(options);
  // The identity lives in the workspace's private keys/ folder: everything in it is its owner's only.
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  await writeFile(join(options.dir, CERTIFICATE_FILES.caCertificate), made.chainPem.join(''), { mode: 0o600 });
  await writeFile(join(options.dir, CERTIFICATE_FILES.caKey), made.caKeyPem, { mode: 0o600 });
  await writeFile(join(options.dir, CERTIFICATE_FILES.signingCertificate), made.certificatePem, { mode: 0o600 });
  await writeFile(join(options.dir, CERTIFICATE_FILES.signingKey), made.privateKeyPem, { mode: 0o600 });
  return { certificatePem: made.certificatePem, chainPem: made.chainPem, privateKeyPem: made.privateKeyPem };
}

export async function loadSigningIdentity(dir: string): Promise<SigningIdentity> {
  const read = async (name: string): Promise<string> => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (cause) {
      throw new StudioError(
        'SIGNING_IDENTITY_MISSING',
        `Expected ${name} in ${dir} but it could not be read`,
        { dir, file: name },
        { cause },
      );
    }
  };
  const certificatePem = await read(CERTIFICATE_FILES.signingCertificate);
  const privateKeyPem = await read(CERTIFICATE_FILES.signingKey);
  const caPem = await read(CERTIFICATE_FILES.caCertificate);
  const identity = { certificatePem, privateKeyPem, chainPem: [caPem] };
  checkSigningCertificate(identity);
  return identity;
}

/** Refuses a certificate C2PA validators would reject, so the failure shows at load time, not in a reader. */
export function checkSigningCertificate(identity: SigningIdentity): void {
  const cert = new X509Certificate(identity.certificatePem);
  const keyUsage = cert.getExtension(KeyUsagesExtension);
  const basic = cert.getExtension(BasicConstraintsExtension);
  const eku = cert.getExtension(ExtendedKeyUsageExtension);
  const problems: string[] = [];
  if (!keyUsage || !(keyUsage.usages & KeyUsageFlags.digitalSignature))
    problems.push('keyUsage lacks digitalSignature');
  if (basic?.ca) problems.push('certificate is a CA');
  if (!eku || eku.usages.length === 0) problems.push('no extended key usage');
  if (problems.length > 0) {
    throw new StudioError(
      'SIGNING_CERTIFICATE_INVALID',
      `Expected a C2PA signing certificate but ${problems.join(', ')}`,
      { subject: cert.subject, problems },
    );
  }
}
