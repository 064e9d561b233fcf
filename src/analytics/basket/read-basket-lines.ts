/**
 * Text input in "basket" format: one transaction per line, items separated by commas or by
 * whitespace. The separator is detected once per file (a comma anywhere in the first lines means
 * commas, as in Groceries, whose item names contain spaces); items are trimmed, empty ones dropped.
 */

/** How items on a line are separated. */
export type BasketSeparator = "comma" | "whitespace";

/** Lines looked at to decide on the separator. */
const SAMPLE_LINES = 1000;

/** `"comma"` when any sample line holds a comma, otherwise `"whitespace"`. */
export function detectSeparator(sample: readonly string[]): BasketSeparator {
  return sample.some((line) => line.includes(",")) ? "comma" : "whitespace";
}

/**
 * Splits one line into trimmed, non-empty items.
 *
 * @example splitBasketLine("whole milk, cream cheese ", "comma") // ["whole milk", "cream cheese"]
 */
export function splitBasketLine(line: string, separator: BasketSeparator): string[] {
  const parts = separator === "comma" ? line.split(",") : line.split(/\s+/);
  const items: string[] = [];
  for (const part of parts) {
    const item = separator === "comma" ? part.trim() : part;
    if (item.length > 0) items.push(item);
  }
  return items;
}

/**
 * Reads basket-format lines into transactions; blank lines are skipped (no empty baskets).
 * `separator` defaults to detection on the first lines.
 */
export async function readBasketLines(
  lines: AsyncIterable<string> | Iterable<string>,
  separator?: BasketSeparator,
): Promise<string[][]> {
  const transactions: string[][] = [];
  const pending: string[] = [];
  let chosen = separator;
  const flush = (): void => {
    chosen ??= detectSeparator(pending);
    for (const line of pending) if (line.trim().length > 0) transactions.push(splitBasketLine(line, chosen));
    pending.length = 0;
  };
  for await (const line of lines) {
    pending.push(line);
    if (chosen !== undefined || pending.length >= SAMPLE_LINES) flush();
  }
  flush();
  return transactions;
}
