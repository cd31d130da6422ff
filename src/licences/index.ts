export {
  DEFAULT_PROOF_TERMS,
  licenceSchema,
  proofFee,
  proofTermsOf,
  proofTermsSchema,
  type ProofTerms,
  revocationSchema,
  withdrawalSchema,
  type Licence,
  type Revocation,
  type Withdrawal,
} from './licence.schema.ts';
export { checkRegistrySignature, signAsRegistry } from './signedRecord.ts';
export { EU_MEMBERS, territoriesCover, territoryCovers } from './territories.ts';
export {
  licenceOrgProblem,
  licenceTermsProblem,
  verifyLicence,
  wideningMessage,
  type ConsentWidening,
  verifyRevocation,
  verifyWithdrawal,
} from './verifyLicence.ts';
