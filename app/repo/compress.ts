import zlib from "node:zlib";
import { IntegrityError } from "~/errors";

/** zstd-compresses one block or object. */
export function compress(data: Uint8Array, level: number): Buffer {
  return zlib.zstdCompressSync(data, { params: { [zlib.constants.ZSTD_c_compressionLevel]: level } });
}

/** zstd-decompresses; a malformed frame (only possible after a MAC passed, i.e. a bug) is an IntegrityError. */
export function decompress(data: Uint8Array, context: Record<string, unknown>): Buffer {
  try {
    return zlib.zstdDecompressSync(data);
  } catch (cause) {
    throw new IntegrityError("Decompression failed", context, { cause });
  }
}
