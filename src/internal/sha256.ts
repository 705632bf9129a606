/** A SHA-256 digest as lowercase hex: SubtleCrypto where the page is a secure context, else @noble/hashes (no SubtleCrypto on http pages). */
import { sha256 } from '@noble/hashes/sha2.js';

export async function sha256Hex(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>): Promise<string> {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const digest = globalThis.crypto?.subtle ? new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)) : sha256(bytes);
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
