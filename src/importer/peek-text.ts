/** Lets the opener look at the start of a text stream without losing it. */

const MAX_PEEK_CHARS = 256 * 1024;

export interface PeekedText {
  /** The first chunk(s): at least one whole line unless the file or 256 KiB ends first. */
  readonly head: string;
  /** The whole text again, `head` included. */
  readonly text: AsyncGenerator<string>;
  /** Closes the underlying source even if `text` was never iterated. */
  readonly release: () => Promise<void>;
}

/** Reads chunks until the first line break after some content. */
export async function peekText(source: AsyncIterable<string>): Promise<PeekedText> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: string[] = [];
  let head = "";
  while (head.length < MAX_PEEK_CHARS && !/\S[^\n]*\n/.test(head)) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    head += next.value;
  }
  return {
    head,
    text: replay(chunks, iterator),
    release: async () => {
      await iterator.return?.();
    },
  };
}

async function* replay(chunks: string[], rest: AsyncIterator<string>): AsyncGenerator<string> {
  try {
    while (chunks.length > 0) yield chunks.shift()!;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
