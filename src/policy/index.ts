export {
  checkPolicy,
  consentNotWithdrawn,
  licenceWithinConsent,
  lookWithinConsent,
  purposeWithinConsent,
  refusalError,
  type IntendedUse,
  type LedgerVerdict,
  type PolicyAllowed,
  type PolicyDecision,
  type PolicyInput,
  type PolicyRefusal,
} from './gate.ts';
export { consentCoversPurpose, PURPOSE_OF_CHANNEL, PURPOSES, type Purpose } from './purposes.ts';
