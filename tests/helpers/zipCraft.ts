import { crc32, deflateRawSync } from 'node:zlib';

/** One member of a hand-made zip: what it holds and, for attacks, what its headers claim instead. */
export interface CraftedMember {
  name: string;
  data: Buffer;
  /** Store instead of deflate. */
  stored?: boolean;
  /** The uncompressed size the headers declare (default: the real one). */
  declaredSize?: number;
  /** Write 0xFFFFFFFF as the size and, when given, this value in a zip64 extra field. */
  zip64Size?: number | 'missing';
  /** No data of its own: the directory entry points at the local header of member N (which must be the same). */
  sameDataAs?: number;
}

/**
 * Writes a zip the way an attacker could: duplicate names, sizes that lie, zip64 placeholders. fflate's
 * writer refuses all of these, so the tests build the bytes themselves.
 */
export function craftZip(members: CraftedMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const offsets: number[] = [];
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const body = m.stored ? m.data : deflateRawSync(m.data);
    const size = m.zip64Size === undefined ? (m.declaredSize ?? m.data.byteLength) : 0xffffffff;
    const extra = typeof m.zip64Size === 'number' ? zip64Extra(m.zip64Size) : Buffer.alloc(0);
    const crc = crc32(m.data);
    const shared = m.sameDataAs === undefined ? undefined : offsets[m.sameDataAs];
    offsets.push(shared ?? offset);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    if (shared === undefined) locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(m.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt16LE(extra.byteLength, 30);
    central.writeUInt32LE(shared ?? offset, 42);
    centrals.push(central, name, extra);
    if (shared === undefined) offset += 30 + name.byteLength + body.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function zip64Extra(size: number): Buffer {
  const extra = Buffer.alloc(12);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8, 2);
  extra.writeBigUInt64LE(BigInt(size), 4);
  return extra;
}
