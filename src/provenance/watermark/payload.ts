import { StudioError } from '../../errors/index.ts';
import { crc16 } from './crc16.ts';
import { PAYLOAD_BITS } from './params.ts';

const PAYLOAD_LIMIT = 1n << BigInt(PAYLOAD_BITS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{12})$/i;

export function assertPayload(payload: bigint): void {
  if (typeof payload !== 'bigint' || payload < 0n || payload >= PAYLOAD_LIMIT) {
    throw new StudioError(
      'WATERMARK_PAYLOAD_RANGE',
      `Expected a watermark payload in [0, 2^48) but got ${String(payload)}`,
      {
        payload: String(payload),
      },
    );
  }
}

/**
 * The usage id's short form: the last 48 bits of the UUID. In a UUIDv7 these are random (rand_b),
 * while the first 48 bits are the timestamp, which would make ids minted close together look alike.
 */
export function payloadFromUsageId(uuid: string): bigint {
  const match = UUID.exec(uuid);
  if (!match?.[1]) {
    throw new StudioError(
      'INVALID_USAGE_ID',
      `Expected a usage id in UUID form (8-4-4-4-12 hex digits) but got "${uuid}"`,
      { uuid },
    );
  }
  return BigInt(`0x${match[1]}`);
}

/** 12 upper-case hex digits in three groups, e.g. 'A1B2-C3D4-E5F6'. */
export function formatPayload(payload: bigint): string {
  assertPayload(payload);
  const hex = payload.toString(16).toUpperCase().padStart(12, '0');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

function payloadBytes(payload: bigint): Uint8Array {
  const bytes = new Uint8Array(6);
  for (let i = 0; i < 6; i++) bytes[i] = Number((payload >> BigInt(8 * (5 - i))) & 0xffn);
  return bytes;
}

/** 48 payload bits then its CRC-16, most significant bit first. */
export function messageBits(payload: bigint): number[] {
  const crc = crc16(payloadBytes(payload));
  const bits: number[] = [];
  for (let i = PAYLOAD_BITS - 1; i >= 0; i--) bits.push(Number((payload >> BigInt(i)) & 1n));
  for (let i = 15; i >= 0; i--) bits.push((crc >> i) & 1);
  return bits;
}

/** The payload when the decoded message's CRC holds, else undefined. */
export function payloadFromMessage(bits: readonly number[]): bigint | undefined {
  let payload = 0n;
  for (let i = 0; i < PAYLOAD_BITS; i++) payload = (payload << 1n) | BigInt(bits[i] ?? 0);
  let crc = 0;
  for (let i = PAYLOAD_BITS; i < PAYLOAD_BITS + 16; i++) crc = (crc << 1) | (bits[i] ?? 0);
  return crc16(payloadBytes(payload)) === crc ? payload : undefined;
}
