export { checkPolicy, lookWithinConsent, refusalError, type IntendedUse, type PolicyAllowed, type PolicyDecision, type PolicyInput, type PolicyRefusal } from './gate.ts';
