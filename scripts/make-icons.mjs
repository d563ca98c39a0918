// Draws the extension's icon (an arrow from a JumpCloud-blue square into a Zoho-red one) as PNGs in
// public/. Run once when the design changes: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length);
  return out;
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const blue = [18, 98, 180, 255];
const red = [226, 56, 46, 255];
const white = [255, 255, 255, 255];
const clear = [0, 0, 0, 0];
const icon = (u, v) => {
  const inLeft = u > 0.06 && u < 0.5 && v > 0.06 && v < 0.94;
  const inRight = u > 0.5 && u < 0.94 && v > 0.06 && v < 0.94;
  const arrow = (Math.abs(v - 0.5) < 0.07 && u > 0.22 && u < 0.62) || (u >= 0.6 && u < 0.78 && Math.abs(v - 0.5) < 0.78 - u);
  if (arrow && (inLeft || inRight)) return white;
  return inLeft ? blue : inRight ? red : clear;
};
for (const size of [16, 48, 128]) writeFileSync(new URL(`../public/icon-${size}.png`, import.meta.url), png(size, icon));
