/**
 * The profile description of an ICC profile (its `desc` tag): v2 textDescriptionType or v4 multiLocalizedUnicode.
 * Read here, independent of the code that embeds it, so a test can say the profile is sRGB.
 */
export function iccDescription(icc: Buffer): string | undefined {
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count; i++) {
    const entry = 132 + i * 12;
    if (icc.toString('latin1', entry, entry + 4) !== 'desc') continue;
    const offset = icc.readUInt32BE(entry + 4);
    const type = icc.toString('latin1', offset, offset + 4);
    if (type === 'desc') {
      const length = icc.readUInt32BE(offset + 8);
      return icc.toString('latin1', offset + 12, offset + 12 + length).replace(/\0+$/, '');
    }
    if (type === 'mluc') {
      // The first record: language, country, then the string's length and offset (UTF-16BE).
      const length = icc.readUInt32BE(offset + 20);
      const start = offset + icc.readUInt32BE(offset + 24);
      return Buffer.from(icc.subarray(start, start + length))
        .swap16()
        .toString('utf16le');
    }
  }
  return undefined;
}
