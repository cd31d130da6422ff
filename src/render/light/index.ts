export {
  MAX_LEVEL_EV,
  MAX_MIRED_SHIFT,
  NO_LIGHT_CHANGE,
  REFERENCE_LUMINANCE,
  lightMatch,
  planckianXy,
  sceneMeanLinear,
  sceneMired,
  type LightMatch,
} from './lightMatch.ts';
