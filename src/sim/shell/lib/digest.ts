/** The digests md5sum, sha1sum, sha256sum and sha512sum print, over a file's bytes (FIPS 180-4, RFC 1321). */

function pad(bytes: readonly number[], blockBytes: number, lenBytes: number, littleEndian: boolean): number[] {
  const out = [...bytes, 0x80];
  while ((out.length + lenBytes) % blockBytes !== 0) out.push(0);
  const bits = BigInt(bytes.length) * 8n;
  const len: number[] = [];
  for (let i = 0; i < lenBytes; i++) len.push(Number((bits >> BigInt(8 * i)) & 0xffn));
  out.push(...(littleEndian ? len : len.reverse()));
  return out;
}

const hex = (words: readonly number[], littleEndian: boolean): string =>
  words
    .map((w) => {
      const b = [(w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255];
      return (littleEndian ? b.reverse() : b).map((x) => x.toString(16).padStart(2, "0")).join("");
    })
    .join("");

const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const MD5_K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

export function md5(bytes: readonly number[]): string {
  const m = pad(bytes, 64, 8, true);
  let [a0, b0, c0, d0] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let o = 0; o < m.length; o += 64) {
    const w = Array.from(
      { length: 16 },
      (_, i) => m[o + 4 * i]! | (m[o + 4 * i + 1]! << 8) | (m[o + 4 * i + 2]! << 16) | (m[o + 4 * i + 3]! << 24),
    );
    let [a, b, c, d] = [a0, b0, c0, d0];
    for (let i = 0; i < 64; i++) {
      const r = i >> 4;
      const f = r === 0 ? (b & c) | (~b & d) : r === 1 ? (d & b) | (~d & c) : r === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const g = r === 0 ? i : r === 1 ? (5 * i + 1) % 16 : r === 2 ? (3 * i + 5) % 16 : (7 * i) % 16;
      const t = d;
      d = c;
      c = b;
      b = (b + rotl((a + f + MD5_K[i]! + w[g]!) | 0, MD5_S[r * 4 + (i % 4)]!)) | 0;
      a = t;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return hex([a0, b0, c0, d0], true);
}

const be32 = (m: readonly number[], o: number, n: number) =>
  Array.from(
    { length: n },
    (_, i) => (m[o + 4 * i]! << 24) | (m[o + 4 * i + 1]! << 16) | (m[o + 4 * i + 2]! << 8) | m[o + 4 * i + 3]!,
  );

export function sha1(bytes: readonly number[]): string {
  const m = pad(bytes, 64, 8, false);
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
  for (let o = 0; o < m.length; o += 64) {
    const w = be32(m, o, 16);
    for (let i = 16; i < 80; i++) w.push(rotl(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 1));
    let [a, b, c, d, e] = h as [number, number, number, number, number];
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const t = (rotl(a, 5) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    [a, b, c, d, e].forEach((x, i) => (h[i] = (h[i]! + x) | 0));
  }
  return hex(h, false);
}

const K256 = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];

export function sha256(bytes: readonly number[]): string {
  const m = pad(bytes, 64, 8, false);
  const h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  for (let o = 0; o < m.length; o += 64) {
    const w = be32(m, o, 16);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15]!, 7) ^ rotr(w[i - 15]!, 18) ^ (w[i - 15]! >>> 3);
      const s1 = rotr(w[i - 2]!, 17) ^ rotr(w[i - 2]!, 19) ^ (w[i - 2]! >>> 10);
      w.push((w[i - 16]! + s0 + w[i - 7]! + s1) | 0);
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i]! + x) | 0));
  }
  return hex(h, false);
}

const M64 = (1n << 64n) - 1n;
const rotr64 = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & M64;
let K512: bigint[] | undefined;

/** SHA-512's round constants: the first 64 bits of the fractional parts of the cube roots of the first 80 primes. */
function k512(): bigint[] {
  if (K512) return K512;
  const primes: number[] = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  K512 = primes.map((p) => {
    // integer cube root of p * 2^192, exact by Newton's method on bigints
    const target = BigInt(p) << 192n;
    let x = BigInt(Math.floor(Math.cbrt(p) * 2 ** 20)) << 44n;
    for (let i = 0; i < 100; i++) {
      const nx = (2n * x + target / (x * x)) / 3n;
      if (nx === x) break;
      x = nx;
    }
    while (x * x * x > target) x--;
    while ((x + 1n) * (x + 1n) * (x + 1n) <= target) x++;
    return x & M64;
  });
  return K512;
}

export function sha512(bytes: readonly number[]): string {
  const m = pad(bytes, 128, 16, false);
  const h = [
    0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
    0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n,
  ]; // prettier-ignore
  const K = k512();
  for (let o = 0; o < m.length; o += 128) {
    const w: bigint[] = [];
    for (let i = 0; i < 16; i++) {
      let x = 0n;
      for (let j = 0; j < 8; j++) x = (x << 8n) | BigInt(m[o + 8 * i + j]!);
      w.push(x);
    }
    for (let i = 16; i < 80; i++) {
      const s0 = rotr64(w[i - 15]!, 1n) ^ rotr64(w[i - 15]!, 8n) ^ (w[i - 15]! >> 7n);
      const s1 = rotr64(w[i - 2]!, 19n) ^ rotr64(w[i - 2]!, 61n) ^ (w[i - 2]! >> 6n);
      w.push((w[i - 16]! + s0 + w[i - 7]! + s1) & M64);
    }
    let [a, b, c, d, e, f, g, hh] = h as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let i = 0; i < 80; i++) {
      const t1 =
        (hh + (rotr64(e, 14n) ^ rotr64(e, 18n) ^ rotr64(e, 41n)) + ((e & f) ^ (~e & M64 & g)) + K[i]! + w[i]!) & M64;
      const t2 = ((rotr64(a, 28n) ^ rotr64(a, 34n) ^ rotr64(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & M64;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & M64;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & M64;
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i]! + x) & M64));
  }
  return h.map((x) => x.toString(16).padStart(16, "0")).join("");
}
