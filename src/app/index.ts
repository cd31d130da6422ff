export { openStudio, type Studio } from './openStudio.ts';
export { recoveryLines } from './recoveryLines.ts';
export { createProvenanceKit, signingIdentityDir, type ProvenanceKit } from './provenanceKit.ts';
export { APP_VERSION } from './version.ts';
export { reviewFor } from './review.ts';
export { createReviewExportServices } from './exportService.ts';
