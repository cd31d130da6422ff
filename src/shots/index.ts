export { migrateShot } from './migrateShot.ts';
export { placeTwinOnFloor, type PoseGeometry } from './placement.ts';
export { SHOT_FORMAT, shotSchema, transformSchema, type Shot, type ShotInput, type Transform } from './shot.schema.ts';
