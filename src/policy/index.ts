export {
  checkPolicy,
  lookWithinConsent,
  refusalError,
  type IntendedUse,
  type LedgerVerdict,
  type PolicyAllowed,
  type PolicyDecision,
  type PolicyInput,
  type PolicyRefusal,
} from './gate.ts';
