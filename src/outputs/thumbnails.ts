import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** The gallery's thumbnails: WebP, long side 320 px, cut from the stamped file so they carry its marks. */
export const THUMBNAIL = { dir: 'outputs/.thumbs', longSide: 320, quality: 80 } as const;

const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Thumbnails cached in the workspace (`outputs/.thumbs/<outputId>.webp`), made once: at render time from the bytes
 * just written, or on first need from the output's file. They are a cache: losing one costs a remake, nothing else.
 */
export function createThumbnails(deps: { root: string }) {
  const dir = path.join(deps.root, ...THUMBNAIL.dir.split('/'));
  const making = new Map<string, Promise<string | null>>();

  /** The workspace-relative path the `/files/` route serves; null for an id that cannot be a file name. */
  const relative = (outputId: string): string | null =>
    SAFE_ID.test(outputId) ? `${THUMBNAIL.dir}/${outputId}.webp` : null;
  const absolute = (outputId: string): string => path.join(dir, `${outputId}.webp`);

  /**
   * The thumbnail's bytes, from a file, encoded bytes or the stamped RGBA pixels themselves (the render path: no
   * decode of the file just encoded); runs on sharp's threads.
   */
  const encode = (source: Buffer | string | { rgba: Uint8Array; width: number; height: number }): Promise<Buffer> =>
    (typeof source === 'string' || Buffer.isBuffer(source)
      ? sharp(source)
      : sharp(source.rgba, { raw: { width: source.width, height: source.height, channels: 4 } })
    )
      .resize({ width: THUMBNAIL.longSide, height: THUMBNAIL.longSide, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMBNAIL.quality })
      .toBuffer();

  function store(outputId: string, bytes: Buffer): string | null {
    const rel = relative(outputId);
    if (!rel) return null;
    mkdirSync(dir, { recursive: true });
    // Written beside and renamed: a reader never sees half a thumbnail.
    const part = `${absolute(outputId)}.${process.pid}.thumb-part`;
    try {
      writeFileSync(part, bytes);
      renameSync(part, absolute(outputId));
    } finally {
      rmSync(part, { force: true });
    }
    return rel;
  }

  return {
    relative,

    /** The thumbnail's path when it already exists, without making one. */
    existing(outputId: string): string | null {
      const rel = relative(outputId);
      return rel && existsSync(absolute(outputId)) ? rel : null;
    },

    /**
     * The render path: `encode` the stamped bytes while the output commits (no second read of the file), then
     * `store` the thumbnail once the output is in the catalogue.
     */
    encode,
    store,

    /**
     * The thumbnail of an output, made from its file on first need (an output from before thumbnails) and reused
     * after. Null when the output's file is gone or cannot be read: the gallery then shows the placeholder.
     */
    async ensure(output: { outputId: string; file: string }): Promise<string | null> {
      const ready = this.existing(output.outputId);
      if (ready) return ready;
      if (!relative(output.outputId) || !existsSync(output.file)) return null;
      const pending = making.get(output.outputId);
      if (pending) return pending;
      const made = encode(output.file)
        .then((bytes) => store(output.outputId, bytes))
        .catch(() => null)
        .finally(() => making.delete(output.outputId));
      making.set(output.outputId, made);
      return made;
    },
  };
}
export type Thumbnails = ReturnType<typeof createThumbnails>;
