import { BugError, StudioError } from '../errors/index.ts';
import {
  type AttrValue,
  type Dim,
  type DType,
  type NodeData,
  type TensorData,
  graphProto,
  modelProto,
  valueInfoProto,
} from './proto.ts';

export type { Dim, DType } from './proto.ts';

/** A tensor flowing through the graph, named by the builder. */
export interface Value {
  readonly name: string;
}

/** Wrappers that say which attribute type a JS number means (integer-valued floats are common). */
export interface FloatAttr {
  readonly float: number;
}
export interface FloatsAttr {
  readonly floats: readonly number[];
}
export const float = (value: number): FloatAttr => ({ float: value });
export const floats = (value: readonly number[]): FloatsAttr => ({ floats: value });

/** number → INT, number[] → INTS, string → STRING; floats through `float()` / `floats()`. */
export type Attr = number | readonly number[] | string | FloatAttr | FloatsAttr;

export interface OpOptions {
  /** Number of outputs (default 1). */
  outputs?: number;
  /** Names for the outputs instead of generated ones. */
  names?: readonly string[];
  domain?: string;
}

export interface ModelOptions {
  opset: number;
  producer: string;
  producerVersion?: string;
  doc?: string;
}

export interface Graph {
  readonly name: string;
  input(name: string, dtype: DType, dims: readonly Dim[]): Value;
  /** An initializer; `dtype` float32 unless given. */
  constant(data: ArrayLike<number>, dims: readonly number[], dtype?: DType, name?: string): Value;
  /** A float32 scalar-like constant of shape [1] (broadcasts against anything). */
  scalar(value: number): Value;
  /** An int64 vector constant (shapes, axes, pads). */
  ints(values: readonly number[]): Value;
  /** One node; an empty string input means "omitted optional input". */
  op(opType: string, inputs: readonly (Value | '')[], attrs?: Record<string, Attr>, options?: OpOptions): Value;
  /** A node with several outputs. */
  opMulti(
    opType: string,
    inputs: readonly (Value | '')[],
    attrs: Record<string, Attr>,
    options: OpOptions & { outputs: number },
  ): Value[];
  output(value: Value, name: string, dtype: DType, dims?: readonly Dim[]): void;
  toModel(options: ModelOptions): Uint8Array;
}

/** IR version 8 is the one paired with opset 17 (onnx/docs/Versioning.md). */
const IR_VERSION_FOR_OPSET: Readonly<Record<number, number>> = { 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8 };

function toAttrValue(attr: Attr): AttrValue {
  if (typeof attr === 'string') return { kind: 'string', value: attr };
  if (typeof attr === 'number')
    return Number.isInteger(attr) ? { kind: 'int', value: attr } : { kind: 'float', value: attr };
  if ('float' in attr) return { kind: 'float', value: attr.float };
  if ('floats' in attr) return { kind: 'floats', value: attr.floats };
  const list = attr as readonly number[];
  return list.every(Number.isInteger) ? { kind: 'ints', value: list } : { kind: 'floats', value: list };
}

function rawBytes(data: ArrayLike<number>, dtype: DType): Uint8Array {
  switch (dtype) {
    case 'float32':
      return new Uint8Array(Float32Array.from(data).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(data).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(Array.from(data, (v) => BigInt(v))).buffer);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(data);
    case 'int8':
      return new Uint8Array(Int8Array.from(data).buffer);
  }
}

/** The byte order of typed arrays above is the platform's; ONNX wants little-endian. */
function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new StudioError(
      'PLATFORM_UNSUPPORTED',
      'Expected a little-endian platform to write ONNX tensors, got big-endian',
    );
  }
}

export function createGraph(name: string): Graph {
  const nodes: NodeData[] = [];
  const initializers: TensorData[] = [];
  const inputs: Uint8Array[] = [];
  const outputs: Uint8Array[] = [];
  const used = new Set<string>();
  let counter = 0;

  function claim(wanted: string): string {
    if (used.has(wanted)) throw new BugError(`ONNX graph ${name}: the name ${wanted} is used twice`);
    used.add(wanted);
    return wanted;
  }
  function fresh(prefix: string): string {
    return claim(`${prefix}_${counter++}`);
  }

  function addNode(
    opType: string,
    ins: readonly (Value | '')[],
    attrs: Record<string, Attr>,
    options: OpOptions,
  ): Value[] {
    const count = options.outputs ?? 1;
    const outNames = Array.from({ length: count }, (_, i) => {
      const given = options.names?.[i];
      return given === undefined ? fresh(opType.toLowerCase()) : claim(given);
    });
    const attributes = Object.keys(attrs)
      .sort()
      .map((k) => [k, toAttrValue(attrs[k] as Attr)] as const);
    nodes.push({
      name: `n${nodes.length}_${opType}`,
      opType,
      ...(options.domain === undefined ? {} : { domain: options.domain }),
      inputs: ins.map((v) => (v === '' ? '' : v.name)),
      outputs: outNames,
      attributes,
    });
    return outNames.map((n) => ({ name: n }));
  }

  const graph: Graph = {
    name,
    input(inputName, dtype, dims) {
      inputs.push(valueInfoProto(claim(inputName), dtype, dims));
      return { name: inputName };
    },
    constant(data, dims, dtype = 'float32', constName) {
      const count = dims.reduce((a, b) => a * b, 1);
      if (count !== data.length)
        throw new BugError(`ONNX constant of shape [${dims.join(',')}] needs ${count} values, got ${data.length}`);
      assertLittleEndian();
      const tname = constName === undefined ? fresh('const') : claim(constName);
      initializers.push({ name: tname, dtype, dims, raw: rawBytes(data, dtype) });
      return { name: tname };
    },
    scalar(value) {
      return graph.constant([value], [1]);
    },
    ints(values) {
      return graph.constant(values, [values.length], 'int64');
    },
    op(opType, ins, attrs = {}, options = {}) {
      return addNode(opType, ins, attrs, options)[0] as Value;
    },
    opMulti(opType, ins, attrs, options) {
      return addNode(opType, ins, attrs, options);
    },
    output(value, outName, dtype, dims) {
      let v = value;
      if (v.name !== outName) v = addNode('Identity', [v], {}, { names: [outName] })[0] as Value;
      outputs.push(valueInfoProto(v.name, dtype, dims));
    },
    toModel(options) {
      const irVersion = IR_VERSION_FOR_OPSET[options.opset];
      if (irVersion === undefined) throw new BugError(`No IR version known for opset ${options.opset}`);
      const body = graphProto({ name, nodes, initializers, inputs, outputs });
      return modelProto({
        irVersion,
        opsets: [{ domain: '', version: options.opset }],
        producerName: options.producer,
        producerVersion: options.producerVersion ?? '',
        ...(options.doc === undefined ? {} : { docString: options.doc }),
        graph: body,
      });
    },
  };
  return graph;
}
