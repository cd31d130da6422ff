export { migrateShot } from './migrateShot.ts';
export { figureRows } from './figureRows.ts';
export { MIN_FLOOR_MARGIN, placeTwinOnFloor, type PoseGeometry } from './placement.ts';
export { SHOT_FORMAT, type ShotInput } from './shot.schema.ts';
export { shotSchema, transformSchema, type Shot, type Transform } from '../contract/index.ts';
