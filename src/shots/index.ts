export { migrateShot } from './migrateShot.ts';
export { figureRows } from './figureRows.ts';
export { MIN_FLOOR_MARGIN, placeTwinOnFloor, type PoseGeometry } from './placement.ts';
export { SHOT_FORMAT, shotSchema, transformSchema, type Shot, type ShotInput, type Transform } from './shot.schema.ts';
