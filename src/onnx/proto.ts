/**
 * A minimal protobuf encoder for the parts of onnx.proto the builder writes.
 *
 * Hand-written rather than `onnx-proto`/protobufjs: it adds no dependency, it is ~150 lines, and it
 * writes fields in one fixed order with no timestamps, so the same graph always gives the same bytes
 * (the model manifest pins each file's sha256). Field numbers are those of onnx/onnx.proto (proto2);
 * repeated scalars are written unpacked, as proto2 expects, and tensor data goes in `raw_data`.
 */

type Bytes = Uint8Array;

const WIRE_VARINT = 0;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function concat(parts: readonly Bytes[]): Bytes {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8 = new TextEncoder();

function key(field: number, wire: number): number[] {
  return varint((field << 3) | wire);
}

export function intField(field: number, value: number | bigint): Bytes {
  return Uint8Array.from([...key(field, WIRE_VARINT), ...varint(value)]);
}

export function bytesField(field: number, value: Bytes): Bytes {
  return concat([Uint8Array.from([...key(field, WIRE_LEN), ...varint(value.length)]), value]);
}

export function stringField(field: number, value: string): Bytes {
  return bytesField(field, utf8.encode(value));
}

export function floatField(field: number, value: number): Bytes {
  const out = new Uint8Array(5);
  out[0] = (field << 3) | WIRE_FIXED32;
  new DataView(out.buffer).setFloat32(1, value, true);
  return out;
}

/** A message is its fields in the order given; `undefined` entries (absent optionals) are skipped. */
export function message(fields: readonly (Bytes | undefined)[]): Bytes {
  return concat(fields.filter((f): f is Bytes => f !== undefined));
}

// ---- onnx.proto messages -------------------------------------------------------------------------

/** TensorProto.DataType values. */
export const DATA_TYPE = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9 } as const;
export type DType = keyof typeof DATA_TYPE;

/** AttributeProto.AttributeType values. */
const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export interface TensorData {
  name: string;
  dtype: DType;
  dims: readonly number[];
  /** Little-endian element bytes. */
  raw: Bytes;
}

export function tensorProto(t: TensorData): Bytes {
  return message([
    ...t.dims.map((d) => intField(1, d)),
    intField(2, DATA_TYPE[t.dtype]),
    stringField(8, t.name),
    bytesField(9, t.raw),
  ]);
}

export type Dim = number | string;

export function valueInfoProto(name: string, dtype: DType, dims: readonly Dim[] | undefined): Bytes {
  const shape =
    dims === undefined
      ? undefined
      : bytesField(
          2,
          message(dims.map((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : stringField(2, d)))),
        );
  const tensorType = message([intField(1, DATA_TYPE[dtype]), shape]);
  return message([stringField(1, name), bytesField(2, bytesField(1, tensorType))]);
}

export type AttrValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'tensor'; value: TensorData };

export function attributeProto(name: string, attr: AttrValue): Bytes {
  const head = stringField(1, name);
  switch (attr.kind) {
    case 'float':
      return message([head, floatField(2, attr.value), intField(20, ATTR_TYPE.FLOAT)]);
    case 'int':
      return message([head, intField(3, attr.value), intField(20, ATTR_TYPE.INT)]);
    case 'string':
      return message([head, stringField(4, attr.value), intField(20, ATTR_TYPE.STRING)]);
    case 'tensor':
      return message([head, bytesField(5, tensorProto(attr.value)), intField(20, ATTR_TYPE.TENSOR)]);
    case 'floats':
      return message([head, ...attr.value.map((v) => floatField(7, v)), intField(20, ATTR_TYPE.FLOATS)]);
    case 'ints':
      return message([head, ...attr.value.map((v) => intField(8, v)), intField(20, ATTR_TYPE.INTS)]);
  }
}

export interface NodeData {
  name: string;
  opType: string;
  domain?: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** In the order written; the builder sorts them by name for stable bytes. */
  attributes: readonly (readonly [string, AttrValue])[];
}

export function nodeProto(n: NodeData): Bytes {
  return message([
    ...n.inputs.map((i) => stringField(1, i)),
    ...n.outputs.map((o) => stringField(2, o)),
    stringField(3, n.name),
    stringField(4, n.opType),
    ...n.attributes.map(([k, v]) => bytesField(5, attributeProto(k, v))),
    n.domain === undefined ? undefined : stringField(7, n.domain),
  ]);
}

export interface GraphData {
  name: string;
  nodes: readonly NodeData[];
  initializers: readonly TensorData[];
  inputs: readonly Bytes[];
  outputs: readonly Bytes[];
  docString?: string;
}

export function graphProto(g: GraphData): Bytes {
  return message([
    ...g.nodes.map((n) => bytesField(1, nodeProto(n))),
    stringField(2, g.name),
    ...g.initializers.map((t) => bytesField(5, tensorProto(t))),
    g.docString === undefined ? undefined : stringField(10, g.docString),
    ...g.inputs.map((i) => bytesField(11, i)),
    ...g.outputs.map((o) => bytesField(12, o)),
  ]);
}

export interface ModelData {
  irVersion: number;
  opsets: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: Bytes;
}

export function modelProto(m: ModelData): Bytes {
  return message([
    intField(1, m.irVersion),
    stringField(2, m.producerName),
    stringField(3, m.producerVersion),
    m.docString === undefined ? undefined : stringField(6, m.docString),
    bytesField(7, m.graph),
    ...m.opsets.map((o) => bytesField(8, message([stringField(1, o.domain), intField(2, o.version)]))),
  ]);
}
