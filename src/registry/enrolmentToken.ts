import { StudioError } from '../errors/index.ts';

/** Organisation ids that can travel inside a token (no spaces; the dots are unambiguous, see parse). */
export const ENROLMENT_ORG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export interface EnrolmentTokenParts {
  /** The registry key the enrollee must find at the other end (key id: 16 base64url characters). */
  registryKeyId: string;
  orgId: string;
  secret: string;
}

const TOKEN = /^enrol\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\.([A-Za-z0-9_-]{32})$/;

export function formatEnrolmentToken(parts: EnrolmentTokenParts): string {
  return `enrol.${parts.registryKeyId}.${parts.orgId}.${parts.secret}`;
}

/** Reads `enrol.KEYID.ORG.SECRET`; the key id and the secret have fixed lengths, so an org may hold dots. */
export function parseEnrolmentToken(token: string): EnrolmentTokenParts {
  const m = TOKEN.exec(token.trim());
  if (!m) {
    throw new StudioError(
      'ENROLMENT_TOKEN_INVALID',
      'Expected an enrolment token `enrol.KEYID.ORG.SECRET` made by `registry token new --org ORG`; ask the registry operator for a new one',
      {},
    );
  }
  return { registryKeyId: m[1] as string, orgId: m[2] as string, secret: m[3] as string };
}
