export { MIN_SCORE, VISIBLE_SCORE, type PoseEstimatorOptions, createPoseEstimator } from './estimator.ts';
export { MOVENET_INPUT_SIZE, POSE_MODEL_ID } from './movenet.ts';
