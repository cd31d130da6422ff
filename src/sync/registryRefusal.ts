import { StudioError, type ErrorCode } from '../errors/index.ts';

/**
 * The registry's error codes as a workstation reports them: each keeps its own name behind `REGISTRY_`, so a
 * script can tell a spent token from a bad signature. A code the registry may add later reads as REGISTRY_ERROR,
 * with the registry's own code in the details.
 */
const REGISTRY_REFUSALS = {
  REQUEST_INVALID: 'REGISTRY_REQUEST_INVALID',
  PAYLOAD_TOO_LARGE: 'REGISTRY_PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'REGISTRY_NOT_FOUND',
  INTERNAL: 'REGISTRY_INTERNAL',
  UNAUTHENTICATED: 'REGISTRY_UNAUTHENTICATED',
  CLOCK_SKEW: 'REGISTRY_CLOCK_SKEW',
  FORBIDDEN: 'REGISTRY_FORBIDDEN',
  KEY_INVALID: 'REGISTRY_KEY_INVALID',
  WORKSTATION_UNKNOWN: 'REGISTRY_WORKSTATION_UNKNOWN',
  ENROLMENT_TOKEN_INVALID: 'REGISTRY_ENROLMENT_TOKEN_INVALID',
  ENROLMENT_TOKEN_USED: 'REGISTRY_ENROLMENT_TOKEN_USED',
  ENROLMENT_ORG_MISMATCH: 'REGISTRY_ENROLMENT_ORG_MISMATCH',
  WORKSTATION_ORG_MISMATCH: 'REGISTRY_WORKSTATION_ORG_MISMATCH',
  LOG_SIZE_INVALID: 'REGISTRY_LOG_SIZE_INVALID',
  LOG_LEAF_INVALID: 'REGISTRY_LOG_LEAF_INVALID',
  STATEMENT_PERIOD_INVALID: 'REGISTRY_STATEMENT_PERIOD_INVALID',
  ENROLMENT_ORG_INVALID: 'REGISTRY_ENROLMENT_ORG_INVALID',
  USAGE_ID_CLASH: 'REGISTRY_USAGE_ID_CLASH',
} as const satisfies Partial<Record<ErrorCode, ErrorCode>>;

export interface RegistryErrorBody {
  code?: unknown;
  message?: string;
  details?: Record<string, unknown>;
}

/** The StudioError for a registry's refusal (`what` names the request). */
export function registryRefusal(what: string, status: number, error: RegistryErrorBody | undefined): StudioError {
  const registryCode = typeof error?.code === 'string' ? error.code : undefined;
  const known = registryCode !== undefined && Object.hasOwn(REGISTRY_REFUSALS, registryCode);
  const code: ErrorCode = known ? REGISTRY_REFUSALS[registryCode as keyof typeof REGISTRY_REFUSALS] : 'REGISTRY_ERROR';
  const message = `The registry refused ${what}: ${error?.message ?? status}`;
  return new StudioError(code, message, { status, ...(known ? {} : { registryCode }), ...error?.details });
}
