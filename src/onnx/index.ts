export {
  createGraph,
  float,
  floats,
  type Attr,
  type Graph,
  type ModelOptions,
  type OpOptions,
  type Value,
} from './builder.ts';
export type { Dim, DType } from './proto.ts';
