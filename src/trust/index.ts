export { rotationSchema, signRotation, verifyRotation, type Rotation } from './rotation.ts';
export { ownerListSchema, publicKeySchema, type OwnerList } from './trust.schema.ts';
export { createTrustStore, type OwnerKey, type TrustStore } from './trustStore.ts';
