export { openStudio, type Studio } from './openStudio.ts';
export { APP_VERSION, createProvenanceKit, signingIdentityDir, type ProvenanceKit } from './provenanceKit.ts';
export { reviewFor } from './review.ts';
