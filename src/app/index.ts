export { openStudio, type Studio } from './openStudio.ts';
export { createProvenanceKit, signingIdentityDir, type ProvenanceKit } from './provenanceKit.ts';
export { reviewFor } from './review.ts';
