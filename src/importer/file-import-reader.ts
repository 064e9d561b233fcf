/** The `ImportReader` handed to callers: a one-shot row stream with progress counters. */
import type { ByteProgress } from "./byte-stream.js";
import { ImportError } from "./import-error.js";
import type { ImportFormat, ImportReader, ImportRow } from "./types.js";

export class FileImportReader implements ImportReader {
  #iterated = false;

  constructor(
    private readonly rows: AsyncGenerator<ImportRow>,
    private readonly progress: ByteProgress,
    readonly totalBytes: number,
    readonly format: ImportFormat,
    private readonly release: () => Promise<void>,
  ) {}

  get bytesRead(): number {
    return this.progress.bytesRead;
  }

  [Symbol.asyncIterator](): AsyncIterator<ImportRow> {
    if (this.#iterated)
      throw new ImportError("already_iterated", "an ImportReader can be iterated only once");
    this.#iterated = true;
    return this.rows;
  }

  async close(): Promise<void> {
    this.#iterated = true;
    await this.rows.return(undefined);
    await this.release();
  }
}
