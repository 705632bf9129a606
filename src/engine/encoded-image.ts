/**
 * An image file read as bytes: its format and whether it is complete (read from its own structure, so that every
 * engine gives the same answer), and a decode off the page's main thread where createImageBitmap would block it.
 */
/** An image file's bytes: its format (from its first bytes, not its MIME type) and whether it ends before its picture does. */
export interface EncodedImage {
  bytes: Uint8Array<ArrayBuffer>;
  format: 'JPEG' | 'PNG' | 'WebP' | 'GIF';
  cutOff: boolean;
}

/**
 * The file's format and completeness, where it is a JPEG, PNG, WebP or GIF. A file cut off partway is refused
 * up front: Chromium will not decode one, but Firefox and WebKit decode what is there and paint the rest grey,
 * as a success. Reading the file's own structure to its end marker is the one test that gives the same answer
 * in every engine; bytes after that marker (a Motion Photo's video, say) are left alone, as decoders do.
 */
export async function encodedImage(blob: Blob): Promise<EncodedImage | undefined> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const ascii = (at: number, text: string) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { bytes, format: 'JPEG', cutOff: jpegCutOff(bytes) };
  if (ascii(1, 'PNG\r\n\x1a\n') && bytes[0] === 0x89) return { bytes, format: 'PNG', cutOff: pngCutOff(bytes) };
  // RIFF's size field counts the bytes after it.
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return { bytes, format: 'WebP', cutOff: new DataView(bytes.buffer).getUint32(4, true) + 8 > bytes.length };
  if (ascii(0, 'GIF8')) return { bytes, format: 'GIF', cutOff: false }; // left to the decoder
  return undefined;
}

/** Whether the JPEG's segments run out before its end-of-image marker (FFD9). A structure it cannot follow is left to the decoder. */
function jpegCutOff(bytes: Uint8Array): boolean {
  const n = bytes.length;
  for (let i = 2; i + 1 < n; ) {
    if (bytes[i] !== 0xff) return false;
    const marker = bytes[i + 1];
    if (marker === 0xd9) return false;
    // Fill bytes, and the markers that have no length (TEM, RSTn).
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += marker === 0xff ? 1 : 2;
      continue;
    }
    if (i + 3 >= n) return true;
    i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
    if (marker !== 0xda) continue;
    // A scan's entropy-coded data runs to the next marker: FF followed by neither a stuffed 00 nor a restart.
    for (;;) {
      i = bytes.indexOf(0xff, i);
      if (i < 0 || i + 1 >= n) return true;
      const next = bytes[i + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2;
      else if (next === 0xff) i += 1;
      else break;
    }
  }
  return true;
}

/** Whether the PNG's chunks run out before its IEND chunk (as in Chromium, IEND's own checksum is not needed). */
function pngCutOff(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 8; i + 8 <= bytes.length; i += 12 + view.getUint32(i)) {
    if (view.getUint32(i + 4) === 0x49454e44) return false; // "IEND"
  }
  return true;
}

/**
 * Whether createImageBitmap(Blob) here would decode on the page's main thread: Gecko does that for a worker (a
 * 4096² JPEG froze the page 0.2 s, an 8192² one 0.8 s, on the development host). Its WebCodecs ImageDecoder
 * decodes off both threads, to the same pixels (EXIF orientation applied). Elsewhere createImageBitmap stays:
 * Chromium's ImageDecoder leaves the orientation to the caller and converts JPEG colours slightly differently.
 */
export function decodesOnPageThread(): boolean {
  return 'WorkerGlobalScope' in globalThis && typeof ImageDecoder !== 'undefined' && /\bGecko\/\d/.test(navigator.userAgent);
}

/** The image decoded with ImageDecoder, or by createImageBitmap where that fails (a format it does not know). */
export async function decodeHere({ bytes, format }: EncodedImage, blob: Blob): Promise<ImageBitmap> {
  let decoder: ImageDecoder | undefined;
  try {
    decoder = new ImageDecoder({ data: bytes, type: `image/${format.toLowerCase()}` });
    const { image } = await decoder.decode();
    try {
      return await createImageBitmap(image);
    } finally {
      image.close();
    }
  } catch {
    return createImageBitmap(blob);
  } finally {
    decoder?.close();
  }
}
