import { crc32, inflateRawSync } from 'node:zlib';
import { StudioError } from '../errors/index.ts';

/** One file of a zip archive, as its central directory declares it (zip64 sizes resolved). */
export interface ZipMember {
  name: string;
  /** The name's length in the archive, in bytes. */
  nameLength: number;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  headerOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
function invalid(origin: string, problem: string, details: Record<string, unknown> = {}): StudioError {
  const message = `Twin pack ${origin} is not a readable zip archive (truncated or corrupt): ${problem}`;
  return new StudioError('PACK_INVALID', message, { path: origin, ...details });
}

/** Little-endian reads that refuse to run past the end of the archive. */
function reader(data: Buffer, origin: string) {
  const need = (at: number, bytes: number, what: string) => {
    if (at < 0 || at + bytes > data.byteLength) {
      throw invalid(origin, `${what} lies past the end of the ${data.byteLength}-byte file`);
    }
  };
  return {
    u16: (at: number, what: string) => (need(at, 2, what), data.readUInt16LE(at)),
    u32: (at: number, what: string) => (need(at, 4, what), data.readUInt32LE(at)),
    u64: (at: number, what: string) => {
      need(at, 8, what);
      const value = data.readBigUInt64LE(at);
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(origin, `${what} is ${value}, beyond any real file`);
      return Number(value);
    },
    bytes: (at: number, length: number, what: string) => (need(at, length, what), data.subarray(at, at + length)),
  };
}

function findEndRecord(data: Buffer, origin: string): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const lowest = Math.max(0, data.byteLength - 22 - U16_MAX);
  for (let at = data.byteLength - 22; at >= lowest; at--) if (data.readUInt32LE(at) === EOCD) return at;
  throw invalid(origin, 'no end-of-central-directory record');
}

/** Where the central directory is and how many entries it holds, from the end record (or its zip64 form). */
function directoryBounds(data: Buffer, origin: string): { count: number; offset: number; size: number } {
  const r = reader(data, origin);
  const end = findEndRecord(data, origin);
  if (r.u16(end + 4, 'the disk number') !== 0 || r.u16(end + 6, 'the directory disk') !== 0) {
    throw invalid(origin, 'a multi-part archive');
  }
  let count = r.u16(end + 10, 'the entry count');
  let size = r.u32(end + 12, 'the directory size');
  let offset = r.u32(end + 16, 'the directory offset');
  if (count === U16_MAX || size === U32_MAX || offset === U32_MAX) {
    const locator = end - 20;
    if (locator < 0 || r.u32(locator, 'the zip64 locator') !== EOCD64_LOCATOR) {
      throw invalid(origin, 'zip64 placeholders without a zip64 end record');
    }
    const end64 = r.u64(locator + 8, 'the zip64 end record offset');
    if (r.u32(end64, 'the zip64 end record') !== EOCD64) throw invalid(origin, 'the zip64 end record is missing');
    count = r.u64(end64 + 32, 'the zip64 entry count');
    size = r.u64(end64 + 40, 'the zip64 directory size');
    offset = r.u64(end64 + 48, 'the zip64 directory offset');
  }
  if (offset + size > end) {
    throw invalid(origin, `the central directory (${size} bytes at ${offset}) overlaps its end record at ${end}`);
  }
  return { count, offset, size };
}

/** The sizes a central entry declares; a 0xFFFFFFFF placeholder is replaced by the zip64 extra field's value. */
function entrySizes(data: Buffer, origin: string, at: number, name: string) {
  const r = reader(data, origin);
  let size = r.u32(at + 24, 'a size');
  let compressedSize = r.u32(at + 20, 'a compressed size');
  let headerOffset = r.u32(at + 42, 'a header offset');
  if (size !== U32_MAX && compressedSize !== U32_MAX && headerOffset !== U32_MAX) {
    return { size, compressedSize, headerOffset };
  }
  const nameLength = r.u16(at + 28, 'a name length');
  const extraLength = r.u16(at + 30, 'an extra field length');
  let field = at + 46 + nameLength;
  const extraEnd = field + extraLength;
  while (field + 4 <= extraEnd) {
    const id = r.u16(field, 'an extra field id');
    const length = r.u16(field + 2, 'an extra field length');
    if (id === 0x0001) {
      // Only the placeholders appear in the zip64 field, in this order.
      let next = field + 4;
      const take = () => ((next += 8), r.u64(next - 8, `the zip64 sizes of ${name}`));
      if (size === U32_MAX) size = take();
      if (compressedSize === U32_MAX) compressedSize = take();
      if (headerOffset === U32_MAX) headerOffset = take();
      if (next > field + 4 + length) throw invalid(origin, `the zip64 field of ${name} is too short`, { file: name });
      return { size, compressedSize, headerOffset };
    }
    field += 4 + length;
  }
  const problem = `${name} gives its size only as the zip64 placeholder ${U32_MAX}, with no zip64 field`;
  throw invalid(origin, problem, { file: name });
}

/**
 * Reads the central directory: every member's name and real sizes, before anything is inflated.
 * Refuses encrypted members and a name that appears twice (which member would count is up to the reader).
 */
export function readZipDirectory(data: Buffer, origin: string, maxEntries: number): ZipMember[] {
  const r = reader(data, origin);
  const { count, offset } = directoryBounds(data, origin);
  if (count > maxEntries) {
    const message = `Twin pack ${origin} holds ${count} zip entries; at most ${maxEntries} are accepted`;
    throw new StudioError('PACK_TOO_LARGE', message, { path: origin, files: count });
  }
  const members: ZipMember[] = [];
  const seen = new Set<string>();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (r.u32(at, 'a central directory entry') !== CENTRAL) {
      throw invalid(origin, `entry ${i + 1} of ${count} in the central directory is damaged`);
    }
    const flags = r.u16(at + 8, 'the entry flags');
    const nameLength = r.u16(at + 28, 'a name length');
    const name = r.bytes(at + 46, nameLength, 'a file name').toString('utf8');
    if (flags & 0x1) throw invalid(origin, `${name} is encrypted`, { file: name });
    if (seen.has(name)) {
      const message = `Twin pack ${origin} holds ${name} twice; a pack names each file once`;
      throw new StudioError('PACK_INVALID', message, { path: origin, file: name, reason: 'duplicate' });
    }
    seen.add(name);
    const sizes = entrySizes(data, origin, at, name);
    const method = r.u16(at + 10, 'a compression method');
    members.push({ name, nameLength, method, crc: r.u32(at + 16, 'a CRC'), ...sizes });
    at += 46 + nameLength + r.u16(at + 30, 'an extra field length') + r.u16(at + 32, 'a comment length');
  }
  refuseOverlaps(members, offset, origin);
  return members;
}

/**
 * Each member's local header and data must end before the next member (or the directory) begins: members that
 * share compressed data are how a small zip claims many times its size in inflated files.
 */
function refuseOverlaps(members: readonly ZipMember[], directoryOffset: number, origin: string): void {
  const byOffset = [...members].sort((a, b) => a.headerOffset - b.headerOffset);
  byOffset.forEach((member, i) => {
    const next = byOffset[i + 1];
    const end = member.headerOffset + 30 + member.nameLength + member.compressedSize;
    if (end > (next?.headerOffset ?? directoryOffset)) {
      const problem = `${member.name} overlaps ${next ? next.name : 'the central directory'}`;
      throw invalid(origin, problem, { file: member.name, reason: 'overlap' });
    }
  });
}

/** The member's bytes, inflated no further than its declared size, checked against its size and CRC. */
export function readZipMember(data: Buffer, member: ZipMember, origin: string): Buffer {
  const r = reader(data, origin);
  const { name, size } = member;
  const at = member.headerOffset;
  if (r.u32(at, `the local header of ${name}`) !== LOCAL) {
    throw invalid(origin, `the local header of ${name} is damaged`, { file: name });
  }
  const nameLength = r.u16(at + 26, 'a name length');
  const localName = r.bytes(at + 30, nameLength, 'a file name').toString('utf8');
  if (localName !== name) {
    const problem = `the local header names ${JSON.stringify(localName)}, the directory ${JSON.stringify(name)}`;
    throw invalid(origin, problem, { file: name });
  }
  const start = at + 30 + nameLength + r.u16(at + 28, 'an extra field length');
  const stored = r.bytes(start, member.compressedSize, `the data of ${name}`);
  let out: Buffer;
  if (member.method === 0) {
    if (member.compressedSize !== size) {
      throw invalid(origin, `${name} is stored as ${member.compressedSize} bytes but declares ${size}`, { file: name });
    }
    out = Buffer.from(stored);
  } else if (member.method === 8) {
    const problem = `${name} inflates to more than the ${size} bytes it declares`;
    const tooLarge = () => invalid(origin, problem, { file: name, declared: size });
    out = inflateCapped(stored, size, tooLarge);
  } else {
    const problem = `${name} uses compression method ${member.method}; only stored (0) and deflate (8) are read`;
    throw invalid(origin, problem, { file: name });
  }
  if (out.byteLength !== size) {
    const details = { file: name, declared: size, actual: out.byteLength };
    throw invalid(origin, `${name} inflates to ${out.byteLength} bytes but declares ${size}`, details);
  }
  if (crc32(out) !== member.crc) throw invalid(origin, `${name} fails its CRC check`, { file: name });
  return out;
}

/**
 * Inflates a raw deflate stream and stops as soon as the output passes `cap` bytes: zlib checks its
 * maxOutputLength after each 16 KiB of output, so a member that lies costs no more than the size it declares.
 */
function inflateCapped(compressed: Uint8Array, cap: number, tooLarge: () => Error): Buffer {
  try {
    return inflateRawSync(compressed, { maxOutputLength: Math.max(1, cap) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw error;
  }
}
