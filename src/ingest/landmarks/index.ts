export { suggestLandmarks } from './landmarks.ts';
