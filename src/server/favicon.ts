import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * /favicon.ico: a 16×16 icon (a red disc) built in code, so no binary file has to be kept in the
 * repository or the bundle, and browsers stop logging a 404 for every page. ICO with one 32-bit BMP.
 */
function buildFavicon(): Buffer {
  const size = 16;
  const header = Buffer.alloc(6 + 16 + 40);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(size * 4); // AND mask, 32-bit rows, all opaque
  header.writeUInt32LE(40 + pixels.length + mask.length, 14);
  header.writeUInt32LE(22, 18); // image offset
  header.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  header.writeInt32LE(size, 26);
  header.writeInt32LE(size * 2, 30); // height counts the mask too
  header.writeUInt16LE(1, 34);
  header.writeUInt16LE(32, 36);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = (x - 7.5) ** 2 + (y - 7.5) ** 2 <= 7.5 ** 2;
      pixels.writeUInt32LE(inside ? 0xfff22f46 : 0x00000000, (y * size + x) * 4); // BGRA little-endian: #F22F46
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

export const FAVICON: Buffer = buildFavicon();

/** GET /favicon.ico, whatever else is served: browsers ask for it on every page (/, GraphiQL). */
export function sendFavicon(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, { "content-type": "image/x-icon", "content-length": FAVICON.length, "cache-control": "public, max-age=86400" });
  response.end(request.method === "HEAD" ? undefined : FAVICON);
}
