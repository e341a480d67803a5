/**
 * The picture a song was made from (image mode), kept as its cover: cropped square, upright
 * (EXIF orientation applied), stripped of its metadata (no camera or location data leaves the
 * server) and stored once as WebP, addressed by the hash of those bytes so that the takes of one
 * request share one file.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import { COVER_SIZES, type CoverFormat, type CoverSize } from "./render";

/** The stored picture's side: the largest cover size served. */
const STORED_SIDE = COVER_SIZES[COVER_SIZES.length - 1]!;

export interface CoverPicture {
  /** Storage key: sha256 of the stored bytes (hex). */
  key: string;
  /** Square WebP, STORED_SIDE pixels wide. */
  bytes: Uint8Array;
}

const view = (buffer: Buffer) =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/**
 * The cover kept from an uploaded picture. Call it after `analyzeImage` accepted the bytes (it
 * checks size and format with a clear error). The crop is centred, as people frame what they
 * photograph (sharp's "attention" crop was tried: it jumps to any bright edge).
 */
export async function coverPictureFrom(upload: Uint8Array): Promise<CoverPicture> {
  const buffer = await sharp(upload, { failOn: "error", limitInputPixels: 60_000_000 })
    .rotate()
    .resize(STORED_SIDE, STORED_SIDE, { fit: "cover", position: "centre" })
    .flatten({ background: "#101014" })
    .toColourspace("srgb")
    .webp({ quality: 86, effort: 4 })
    .toBuffer();
  return { key: createHash("sha256").update(buffer).digest("hex"), bytes: view(buffer) };
}

/** A stored picture at a served size and format. */
export async function servePicture(
  stored: Uint8Array,
  { format, size }: { format: CoverFormat; size: CoverSize },
): Promise<Uint8Array> {
  const image = sharp(stored).resize(size, size);
  const buffer =
    format === "png"
      ? await image.png({ compressionLevel: 6 }).toBuffer()
      : size === STORED_SIDE
        ? Buffer.from(stored)
        : await image.webp({ quality: 86, effort: 2 }).toBuffer();
  return view(buffer);
}
