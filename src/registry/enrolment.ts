import type { Clock } from '../clock/index.ts';
import { randomBytes } from 'node:crypto';
import { parsePublicKey, sha256Hex } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { GENESIS_HASH, workstationIdOf } from '../ledger/index.ts';
import { ENROLMENT_ORG_PATTERN, formatEnrolmentToken } from './enrolmentToken.ts';
import type { RegistryStore } from './store/index.ts';

/**
 * Makes a one-time enrolment token that names this registry's key id and the organisation the workstation will
 * belong to (`enrol.KEYID.ORG.SECRET`): the enrollee pins only that key and cannot pick another org. Only its hash
 * is stored.
 */
export async function createEnrolmentToken(
  store: RegistryStore,
  options: { registryKeyId: string; orgId: string; now: Clock },
): Promise<string> {
  if (!ENROLMENT_ORG_PATTERN.test(options.orgId)) {
    throw new StudioError(
      'ENROLMENT_ORG_INVALID',
      `Expected an organisation id of letters, digits, _ . - (up to 64); got ${JSON.stringify(options.orgId)}`,
      { orgId: options.orgId },
    );
  }
  const token = formatEnrolmentToken({
    registryKeyId: options.registryKeyId,
    orgId: options.orgId,
    secret: randomBytes(24).toString('base64url'),
  });
  const { now } = options;
  await store.write((tx) =>
    tx.run('INSERT INTO enrolment_tokens (token_hash, org_id, created_at) VALUES (?, ?, ?)', [
      sha256Hex(token),
      options.orgId,
      now().toISOString(),
    ]),
  );
  return token;
}

/** Spends a token on a workstation key. Re-sending the same enrolment (a dropped reply) gives the same answer. */
export async function enrolWorkstation(
  store: RegistryStore,
  input: { enrolmentToken: string; workstationPublicKey: string; orgId: string },
  now: Date,
): Promise<string> {
  parsePublicKey(input.workstationPublicKey);
  const workstationId = workstationIdOf(input.workstationPublicKey);
  return store.write(async (tx) => {
    const token = await tx.get<{ org_id: string | null; used_at: string | null; workstation_id: string | null }>(
      'SELECT org_id, used_at, workstation_id FROM enrolment_tokens WHERE token_hash = ?',
      [sha256Hex(input.enrolmentToken)],
    );
    if (!token)
      throw new StudioError(
        'ENROLMENT_TOKEN_INVALID',
        'Expected an enrolment token made by `registry token new`; this one is unknown',
        {},
      );
    if (token.used_at) {
      if (token.workstation_id === workstationId) return workstationId;
      throw new StudioError(
        'ENROLMENT_TOKEN_USED',
        `Expected an unused enrolment token; this one was spent at ${token.used_at}`,
        {},
      );
    }
    if (!token.org_id) {
      throw new StudioError(
        'ENROLMENT_TOKEN_INVALID',
        'This token names no organisation (made by an older build); make a new one with `registry token new --org ORG`',
        {},
      );
    }
    if (token.org_id !== input.orgId) {
      throw new StudioError('ENROLMENT_ORG_MISMATCH', `This token is for org ${token.org_id}, not ${input.orgId}`, {
        expected: token.org_id,
        got: input.orgId,
      });
    }
    const existing = await tx.get<{ org_id: string }>('SELECT org_id FROM workstations WHERE id = ?', [workstationId]);
    if (existing && existing.org_id !== input.orgId) {
      throw new StudioError(
        'WORKSTATION_ORG_MISMATCH',
        `Workstation ${workstationId} is enrolled for org ${existing.org_id}, not ${input.orgId}`,
        { workstationId },
      );
    }
    if (!existing) {
      await tx.run(
        'INSERT INTO workstations (id, public_key_pem, org_id, enrolled_at, acked_seq, head_hash) VALUES (?, ?, ?, ?, 0, ?)',
        [workstationId, input.workstationPublicKey, input.orgId, now.toISOString(), GENESIS_HASH],
      );
    }
    await tx.run('UPDATE enrolment_tokens SET used_at = ?, workstation_id = ? WHERE token_hash = ?', [
      now.toISOString(),
      workstationId,
      sha256Hex(input.enrolmentToken),
    ]);
    return workstationId;
  });
}

export interface WorkstationRow {
  id: string;
  public_key_pem: string;
  org_id: string;
  acked_seq: number;
  head_hash: string;
  last_check_in: string | null;
  clock_offset_ms: number;
}

export async function findWorkstation(store: RegistryStore, id: string): Promise<WorkstationRow | undefined> {
  return store.get<WorkstationRow>(
    'SELECT id, public_key_pem, org_id, acked_seq, head_hash, last_check_in, clock_offset_ms FROM workstations WHERE id = ?',
    [id],
  );
}

/** Makes a bearer token for the admin endpoints (statements); printed once, only its hash is stored. */
export async function createAdminToken(store: RegistryStore, now: Clock): Promise<string> {
  const token = `admin.${randomBytes(32).toString('base64url')}`;
  await store.write((tx) =>
    tx.run('INSERT INTO admin_tokens (token_hash, created_at) VALUES (?, ?)', [sha256Hex(token), now().toISOString()]),
  );
  return token;
}

export async function isAdminToken(store: RegistryStore, token: string): Promise<boolean> {
  return (await store.get('SELECT 1 AS ok FROM admin_tokens WHERE token_hash = ?', [sha256Hex(token)])) !== undefined;
}
