// Image thumbnails in pure JavaScript (jpeg-js, pngjs): header sniffing, an area-average (box filter)
// downscale into a 170×170 box, EXIF orientation, re-encoding in the source's format. Synchronous and
// CPU-bound: the server runs it in a worker thread (thumbnail-worker.ts), never on the event loop.
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

/** Agora's default thumbnail box (the SDK's default thumbnailWidth/Height). */
export const THUMBNAIL_BOX = 170;
/**
 * Images whose header says more pixels than this are not decoded (default; the Thumbnailer passes its
 * own). Decoding holds the RGBA pixels (4 bytes each) plus the inflated source, all outside the JS heap,
 * so only this check bounds a decompression bomb's memory: a 38 KB all-zero PNG of 40 megapixels took
 * the server's RSS up by 310 MB. 16 MP (64 MB of RGBA) keeps thumbnails for 12 MP phone photos.
 */
export const MAX_DECODE_PIXELS = 16_000_000;
const JPEG_QUALITY = 80;

export type ImageKind = 'png' | 'jpeg';

export interface ImageHeader {
  kind: ImageKind;
  width: number;
  height: number;
  /** EXIF orientation 1…8 (JPEG); 1 when absent. */
  orientation: number;
}

export type ThumbnailResult =
  /** A smaller image to serve instead of the original. */
  | { kind: 'thumbnail'; contentType: string; bytes: Uint8Array; width: number; height: number }
  /** The original is its own thumbnail: already within the box and upright. */
  | { kind: 'original'; reason: 'small' }
  /** No thumbnail will be made from these bytes. */
  | { kind: 'none'; reason: 'not-png-or-jpeg' | 'too-many-pixels' | 'undecodable' };

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** EXIF orientation from an APP1 segment's payload (starting at "Exif\0\0"), 1 when unreadable. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  const tiff = start + 6;
  if (tiff + 8 > end) return 1;
  const little = b[tiff] === 0x49 && b[tiff + 1] === 0x49;
  if (!little && !(b[tiff] === 0x4d && b[tiff + 1] === 0x4d)) return 1;
  const r16 = (i: number) => (little ? b[i]! | (b[i + 1]! << 8) : u16be(b, i));
  const r32 = (i: number) =>
    little ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0 : u32be(b, i);
  const ifd = tiff + r32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const count = r16(ifd);
  for (let n = 0; n < count; n++) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > end) return 1;
    if (r16(entry) === 0x0112) {
      const value = r16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** Kind, size and orientation from the first bytes of a PNG or JPEG; undefined for anything else. */
export function readImageHeader(b: Uint8Array): ImageHeader | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 24 && png.every((v, i) => b[i] === v)) {
    // The first chunk must be IHDR.
    if (String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return undefined;
    return { kind: 'png', width: u32be(b, 16), height: u32be(b, 20), orientation: 1 };
  }
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let orientation = 1;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = u16be(b, i + 2);
    if (length < 2) return undefined;
    const start = i + 4;
    const end = Math.min(b.length, i + 2 + length);
    if (
      marker === 0xe1 &&
      end - start >= 6 &&
      String.fromCharCode(...b.subarray(start, start + 4)) === 'Exif'
    )
      orientation = exifOrientation(b, start, end);
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (start + 5 > b.length) return undefined;
      return { kind: 'jpeg', height: u16be(b, start + 1), width: u16be(b, start + 3), orientation };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // no frame header before the scan
    i += 2 + length;
  }
  return undefined;
}

/** The size that fits `width`×`height` into box×box, keeping the aspect ratio, never larger. */
export function fitWithin(
  width: number,
  height: number,
  box = THUMBNAIL_BOX,
): { width: number; height: number } {
  const scale = Math.min(1, box / width, box / height);
  return {
    width: Math.max(1, Math.min(box, Math.round(width * scale))),
    height: Math.max(1, Math.min(box, Math.round(height * scale))),
  };
}

/**
 * For each destination index along one axis: the first source index and the weight of every source
 * index it covers (area of overlap; the weights of one destination index sum to 1).
 */
function boxWeights(src: number, dst: number): { first: Int32Array; weights: Float64Array[] } {
  const ratio = src / dst;
  const first = new Int32Array(dst);
  const weights: Float64Array[] = [];
  for (let d = 0; d < dst; d++) {
    const lo = d * ratio;
    const hi = Math.min(src, (d + 1) * ratio);
    const s0 = Math.floor(lo);
    const s1 = Math.ceil(hi);
    const w = new Float64Array(Math.max(1, s1 - s0));
    for (let s = s0; s < s1; s++) w[s - s0] = (Math.min(hi, s + 1) - Math.max(lo, s)) / ratio;
    first[d] = s0;
    weights.push(w);
  }
  return { first, weights };
}

/**
 * Area-average downscale of RGBA pixels (premultiplied by alpha while averaging, so transparent pixels
 * lend no colour to their neighbours). Separable: rows first, then columns.
 */
export function boxResize(
  rgba: Uint8Array,
  width: number,
  height: number,
  dstWidth: number,
  dstHeight: number,
): Uint8Array {
  const cols = boxWeights(width, dstWidth);
  const rows = boxWeights(height, dstHeight);
  // Horizontal pass: height × dstWidth, premultiplied RGB + A, as floats.
  const mid = new Float64Array(height * dstWidth * 4);
  for (let y = 0; y < height; y++) {
    const rowIn = y * width * 4;
    const rowOut = y * dstWidth * 4;
    for (let dx = 0; dx < dstWidth; dx++) {
      const s0 = cols.first[dx]!;
      const w = cols.weights[dx]!;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = 0; k < w.length; k++) {
        const p = rowIn + (s0 + k) * 4;
        const wa = w[k]! * rgba[p + 3]!;
        r += rgba[p]! * wa;
        g += rgba[p + 1]! * wa;
        b += rgba[p + 2]! * wa;
        a += wa;
      }
      const o = rowOut + dx * 4;
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }
  const out = new Uint8Array(dstWidth * dstHeight * 4);
  for (let dy = 0; dy < dstHeight; dy++) {
    const s0 = rows.first[dy]!;
    const w = rows.weights[dy]!;
    for (let dx = 0; dx < dstWidth; dx++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = 0; k < w.length; k++) {
        const p = ((s0 + k) * dstWidth + dx) * 4;
        const wk = w[k]!;
        r += mid[p]! * wk;
        g += mid[p + 1]! * wk;
        b += mid[p + 2]! * wk;
        a += mid[p + 3]! * wk;
      }
      const o = (dy * dstWidth + dx) * 4;
      if (a > 0) {
        out[o] = Math.min(255, Math.round(r / a));
        out[o + 1] = Math.min(255, Math.round(g / a));
        out[o + 2] = Math.min(255, Math.round(b / a));
      }
      out[o + 3] = Math.min(255, Math.round(a));
    }
  }
  return out;
}

/** Applies EXIF orientation 2…8 to RGBA pixels; returns the upright pixels and their size. */
export function orient(
  rgba: Uint8Array,
  width: number,
  height: number,
  orientation: number,
): { data: Uint8Array; width: number; height: number } {
  if (orientation < 2 || orientation > 8) return { data: rgba, width, height };
  const swap = orientation >= 5;
  const w = swap ? height : width;
  const h = swap ? width : height;
  const out = new Uint8Array(rgba.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      // Where source (x, y) lands in the upright image (EXIF 2: mirror, 3: 180°, 4: flip, 5: transpose,
      // 6: 90° clockwise, 7: transverse, 8: 90° counter-clockwise).
      let nx: number;
      let ny: number;
      switch (orientation) {
        case 2:
          [nx, ny] = [width - 1 - x, y];
          break;
        case 3:
          [nx, ny] = [width - 1 - x, height - 1 - y];
          break;
        case 4:
          [nx, ny] = [x, height - 1 - y];
          break;
        case 5:
          [nx, ny] = [y, x];
          break;
        case 6:
          [nx, ny] = [height - 1 - y, x];
          break;
        case 7:
          [nx, ny] = [height - 1 - y, width - 1 - x];
          break;
        default:
          [nx, ny] = [y, width - 1 - x];
          break;
      }
      out.set(rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), (ny * w + nx) * 4);
    }
  return { data: out, width: w, height: h };
}

function decode(
  kind: ImageKind,
  bytes: Uint8Array,
  maxPixels: number,
): { data: Uint8Array; width: number; height: number } {
  if (kind === 'jpeg')
    return jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1_000_000,
      // RGBA output plus jpeg-js's per-component planes (about as much again).
      maxMemoryUsageInMB: Math.ceil((maxPixels * 8) / (1024 * 1024)),
    });
  const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { data: png.data, width: png.width, height: png.height };
}

function encode(kind: ImageKind, data: Uint8Array, width: number, height: number): Uint8Array {
  if (kind === 'jpeg') return jpeg.encode({ data, width, height }, JPEG_QUALITY).data;
  let opaque = true;
  for (let i = 3; i < data.length && opaque; i += 4) opaque = data[i] === 255;
  const png = new pngjs.PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // RGB when nothing is transparent (smaller), RGBA otherwise.
  return pngjs.PNG.sync.write(png, { colorType: opaque ? 2 : 6 });
}

/** The thumbnail of a PNG or JPEG, decided from its header first (nothing big is decoded). */
export function makeThumbnail(bytes: Uint8Array, maxPixels = MAX_DECODE_PIXELS): ThumbnailResult {
  const header = readImageHeader(bytes);
  if (!header) return { kind: 'none', reason: 'not-png-or-jpeg' };
  const { kind, width, height, orientation } = header;
  if (width < 1 || height < 1) return { kind: 'none', reason: 'undecodable' };
  if (width * height > maxPixels) return { kind: 'none', reason: 'too-many-pixels' };
  if (width <= THUMBNAIL_BOX && height <= THUMBNAIL_BOX && orientation === 1)
    return { kind: 'original', reason: 'small' };
  let image: { data: Uint8Array; width: number; height: number };
  try {
    image = decode(kind, bytes, maxPixels);
  } catch {
    return { kind: 'none', reason: 'undecodable' };
  }
  if (image.width !== width || image.height !== height) return { kind: 'none', reason: 'undecodable' };
  const size = fitWithin(width, height);
  const small =
    size.width === width && size.height === height
      ? image.data
      : boxResize(image.data, width, height, size.width, size.height);
  const upright = orient(small, size.width, size.height, orientation);
  return {
    kind: 'thumbnail',
    contentType: kind === 'jpeg' ? 'image/jpeg' : 'image/png',
    // A copy with its own ArrayBuffer (the encoders may hand out pooled Buffers): it is transferred.
    bytes: new Uint8Array(encode(kind, upright.data, upright.width, upright.height)),
    width: upright.width,
    height: upright.height,
  };
}
