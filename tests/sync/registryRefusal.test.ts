import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../src/errors/index.ts';
import { registryRefusal } from '../../src/sync/registryRefusal.ts';

describe('registryRefusal', () => {
  it("reports a registry code under its own REGISTRY_ name, with the registry's facts", () => {
    const body = { code: 'ENROLMENT_TOKEN_INVALID', message: 'unknown token', details: { hint: 'x' } };
    const e = registryRefusal('POST /v1/enrol', 401, body);
    expect(e).toMatchObject({ code: 'REGISTRY_ENROLMENT_TOKEN_INVALID', details: { status: 401, hint: 'x' } });
    expect(e.message).toBe('The registry refused POST /v1/enrol: unknown token');
    expect(isErrorCode(e.code)).toBe(true);
  });

  it('reads a code it does not know, or none, as REGISTRY_ERROR and keeps what the registry said', () => {
    expect(registryRefusal('GET /v1/changes', 418, { code: 'TEAPOT', message: 'no' })).toMatchObject({
      code: 'REGISTRY_ERROR',
      details: { status: 418, registryCode: 'TEAPOT' },
    });
    const silent = registryRefusal('GET /v1/changes', 500, undefined);
    expect(silent).toMatchObject({ code: 'REGISTRY_ERROR', message: 'The registry refused GET /v1/changes: 500' });
    expect(registryRefusal('GET /v1/changes', 400, { code: 'toString' }).code).toBe('REGISTRY_ERROR');
  });
});
