/**
 * Convex document IDs, read as the backend reads them (crates/value/src/id_v6.rs,
 * `DeveloperDocumentId::decode`): Crockford base32 with lowercase letters, decoding to
 * `VInt(table number) ++ 16-byte internal id ++ footer`, where the footer is the Fletcher-16
 * checksum of the rest (version 0, little-endian), and only the one canonical spelling of those
 * bytes is an ID.
 *
 * A validator `v.id("t")` rejects a string that does not decode so (`ValidationError::NoMatch`),
 * whatever the table: that much is read from the value alone. Whether a decoded ID's table number
 * is the one of table `t` takes the deployment's table mapping, which a stored job does not carry.
 */

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** The 5-bit value of each ASCII byte of the alphabet, -1 for every other byte. */
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

const INTERNAL_ID = 16;
const FOOTER = 2;
/** Characters for the last 0-4 bytes past whole 5-byte groups (8 characters each). */
const TAIL = [0, 2, 4, 5, 7];
/** Base32 length of `bytes` bytes. */
const encodedLength = (bytes: number) => Math.floor(bytes / 5) * 8 + TAIL[bytes % 5]!;
/** A table number takes one to five VInt bytes. */
const MIN_LENGTH = encodedLength(1 + INTERNAL_ID + FOOTER);
const MAX_LENGTH = encodedLength(5 + INTERNAL_ID + FOOTER);

/** Scratch for one decoded ID (at most 23 bytes). */
const bytes = new Uint8Array(5 + INTERNAL_ID + FOOTER);
/** Scratch for a string's characters as ASCII bytes. */
const chars = new Uint8Array(MAX_LENGTH);

/**
 * The table number of the ID spelled by the ASCII bytes `b[start..end)`, or undefined when they do
 * not spell one.
 */
export function documentIdTableAt(b: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < MIN_LENGTH || length > MAX_LENGTH) return undefined;
  // Five bits per character, a byte out per eight: the backend decodes 8-character chunks to 5
  // bytes and keeps length * 5 / 8 of them; the bits left over must be zero (below).
  const size = (length * 5) >> 3;
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (let k = start; k < end; k++) {
    const c = b[k]!;
    const digit = c < 128 ? DIGIT[c]! : -1;
    if (digit < 0) return undefined;
    acc = ((acc << 5) | digit) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (acc >> bits) & 255;
    }
  }
  let table = 0;
  let pos = 0;
  for (;;) {
    // At most five VInt bytes (size is at least 19).
    if (pos >= 5) return undefined;
    const byte = bytes[pos]!;
    table = (table | ((byte & 127) << (pos * 7))) >>> 0;
    pos++;
    if (byte < 128) break;
  }
  if (table === 0 || pos + INTERNAL_ID + FOOTER !== size) return undefined;
  let c0 = 0;
  let c1 = 0;
  for (let k = 0; k < pos + INTERNAL_ID; k++) {
    c0 = (c0 + bytes[k]!) & 255;
    c1 = (c1 + c0) & 255;
  }
  if (bytes[pos + INTERNAL_ID] !== c0 || bytes[pos + INTERNAL_ID + 1] !== c1) return undefined;
  // One spelling only, as the backend checks by encoding the ID again: the table number as its own
  // VInt (a fifth byte's high bits are lost in decoding), then the characters (below).
  let n = table;
  for (let k = 0; k < pos; k++, n >>>= 7) {
    const last = k === pos - 1;
    // The last byte holds what is left: nothing past 7 bits, and not 0 after a first byte.
    if (last ? n >= 128 || (k > 0 && n === 0) || bytes[k] !== n : bytes[k] !== ((n & 127) | 128))
      return undefined;
  }
  // Encoding the bytes again gives back every character but the bits left over in the last one,
  // which it writes as zeros.
  if (encodedLength(size) !== length || (acc & ((1 << bits) - 1)) !== 0) return undefined;
  return table;
}

/** The table number of the ID `s`, or undefined when `s` is not an ID. */
export function documentIdTable(s: string): number | undefined {
  if (s.length < MIN_LENGTH || s.length > MAX_LENGTH) return undefined;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 128) return undefined;
    chars[k] = c;
  }
  return documentIdTableAt(chars, 0, s.length);
}
