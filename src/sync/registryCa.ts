import { X509Certificate } from 'node:crypto';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { StudioError } from '../errors/index.ts';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Trusts the certificates of a PEM file (a private CA, or a registry's self-signed certificate) for this process's
 * HTTPS connections, on top of the system's and NODE_EXTRA_CA_CERTS': what `--ca FILE` does for `enrol` and `sync`.
 */
export function trustRegistryCa(pemText: string, source: string): void {
  const certificates = pemText.match(PEM_CERTIFICATE) ?? [];
  const bad = certificates.findIndex((pem) => {
    try {
      new X509Certificate(pem);
      return false;
    } catch {
      return true;
    }
  });
  if (certificates.length === 0 || bad >= 0)
    throw new StudioError(
      'INVALID_ARGUMENT',
      certificates.length === 0
        ? `Expected PEM certificates (-----BEGIN CERTIFICATE-----) in ${source}, found none`
        : `Expected PEM certificates in ${source}, but certificate ${bad + 1} does not parse`,
      { source },
    );
  const current = getCACertificates('default');
  setDefaultCACertificates([...current, ...certificates.filter((c) => !current.includes(c))]);
}

/** Why a connection to the registry failed, in words: fetch's own message ("fetch failed") hides it in its cause. */
export function unreachableRegistry(registryUrl: string, cause: unknown): StudioError {
  const inner = (cause as { cause?: { message?: string; code?: string } }).cause;
  const why = inner?.message ?? (cause as Error).message;
  const tls = /certificate|CERT|SSL|TLS/i.test(`${why} ${inner?.code ?? ''}`);
  return new StudioError(
    'REGISTRY_UNREACHABLE',
    `Could not reach the registry at ${registryUrl}: ${why}` +
      (tls ? "; if the registry's certificate is from a private CA or self-signed, pass it with --ca FILE" : ''),
    { registryUrl, ...(inner?.code ? { reason: inner.code } : {}) },
    { cause },
  );
}
