/**
 * Raw bytes of an import file, read in fixed-size chunks with a running byte count for progress
 * bars, and transparently gunzipped when the content starts with the gzip magic number.
 */
import { createReadStream } from "node:fs";
import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";

const CHUNK_BYTES = 64 * 1024;

/** Mutable progress counter shared between the byte reader and the `ImportReader`. */
export interface ByteProgress {
  bytesRead: number;
}

/** Streams the file's bytes, adding each chunk's size to `progress.bytesRead`. */
export async function* fileBytes(path: string, progress: ByteProgress): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      progress.bytesRead += chunk.length;
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}

/** Passes bytes through, or decompresses them when they start with 0x1f 0x8b (gzip, multi-member too). */
export async function* gunzipIfCompressed(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const all = prepend(first.value, iterator);
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield* all;
    return;
  }
  // pipeline() destroys every stage on error or early return, so the file handle is always released.
  const gunzipped = pipeline(Readable.from(all), createGunzip({ chunkSize: CHUNK_BYTES }), () => {});
  yield* gunzipped as AsyncIterable<Buffer>;
}

async function* prepend<T>(head: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    yield head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
