import { contentSecurityPolicy } from '../../src/security/csp.ts';

/** The window's policy: the studio's own, with images also from the workspace protocol. */
export const CONTENT_SECURITY_POLICY_ELECTRON = contentSecurityPolicy(['twin-file:']);
