import type { WatermarkDetection, WatermarkImage, Watermarker } from '../../src/provenance/index.ts';

const BITS = 48;
const MAGIC = 0b1011_0110;

/**
 * TEST DOUBLE for the Watermarker seam: NOT the product's watermark. It hides 8 magic bits + a 48-bit
 * payload in the least significant bit of the blue channel along the first row, so it survives PNG only.
 * The real mark (src/provenance/watermark) replaces it when that branch merges.
 */
export function createFakeWatermarkerForTests(): Watermarker & { embedCalls: number } {
  const self = {
    embedCalls: 0,
    payloadFromUsageId(usageId: string): bigint {
      return BigInt('0x' + usageId.replace(/-/g, '').slice(-12));
    },
    formatPayload(payload: bigint): string {
      return payload.toString(16).padStart(12, '0');
    },
    embed(image: WatermarkImage, payload: bigint): WatermarkImage {
      self.embedCalls++;
      const data = Buffer.from(image.data);
      const bits = [...Array(8)]
        .map((_, i) => (MAGIC >> (7 - i)) & 1)
        .concat([...Array(BITS)].map((_, i) => Number((payload >> BigInt(BITS - 1 - i)) & 1n)));
      bits.forEach((bit, i) => {
        const at = i * image.channels + 2;
        data[at] = ((data[at] as number) & 0xfe) | bit;
      });
      return { ...image, data };
    },
    detect(image: WatermarkImage): WatermarkDetection {
      const bit = (i: number) => (image.data[i * image.channels + 2] as number) & 1;
      let magic = 0;
      for (let i = 0; i < 8; i++) magic = (magic << 1) | bit(i);
      if (magic !== MAGIC) return { found: false, confidence: 0 };
      let payload = 0n;
      for (let i = 0; i < BITS; i++) payload = (payload << 1n) | BigInt(bit(8 + i));
      return { found: true, payload, confidence: 1 };
    },
  };
  return self;
}
