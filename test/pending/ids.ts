/**
 * Convex document IDs for tests, written the way the backend writes them
 * (crates/value/src/id_v6.rs `encode_into`, crates/value/src/base32.rs): the table number as a
 * VInt, the 16-byte internal id, the Fletcher-16 footer (little-endian), then base32 in 5-byte
 * chunks. Deliberately not src/pending/document-id.ts's code (that one reads bit by bit): the
 * tests hold the two to each other, and this one to IDs from real deployments.
 */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export function vint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

export function fletcher16(bytes: readonly number[]): [number, number] {
  let c0 = 0;
  let c1 = 0;
  for (const b of bytes) {
    c0 = (c0 + b) & 255;
    c1 = (c1 + c0) & 255;
  }
  return [c0, c1];
}

/** Base32 as the backend encodes: 5-byte chunks to 8 characters, then cut to the exact length. */
export function base32(bytes: readonly number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 5) {
    let block = 0n;
    for (let k = 0; k < 8; k++) block = (block << 8n) | BigInt(bytes[i + k] ?? 0);
    for (let k = 0; k < 8; k++) out += ALPHABET[Number((block >> BigInt(59 - 5 * k)) & 31n)];
  }
  const n = bytes.length;
  return out.slice(0, Math.floor(n / 5) * 8 + [0, 2, 4, 5, 7][n % 5]!);
}

/** Base32 back to bytes, as the backend decodes (no check at all: for reading test vectors). */
export function unbase32(s: string): number[] {
  let bits = 0n;
  for (const c of s) bits = (bits << 5n) | BigInt(ALPHABET.indexOf(c));
  const n = Math.floor((s.length * 5) / 8);
  bits >>= BigInt(s.length * 5 - n * 8);
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(Number((bits >> BigInt(8 * (n - 1 - k))) & 255n));
  return out;
}

/** The binary form of an ID: VInt(table) ++ internal ++ footer. */
export function idBytes(table: number, internal: readonly number[]): number[] {
  const head = [...vint(table), ...internal];
  return [...head, ...fletcher16(head)];
}

/** A document ID of `table`; its 16 internal bytes from `seed`. */
export function documentId(table: number, seed = 1): string {
  const internal = Array.from({ length: 16 }, (_, k) => (seed * 131 + k * 29) & 255);
  return base32(idBytes(table, internal));
}
