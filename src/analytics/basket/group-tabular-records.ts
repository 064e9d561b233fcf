/**
 * Text input in "tabular" format (one row per line item): groups rows by transaction id into
 * baskets, in the order transaction ids first appear. CSV parsing itself stays with the caller.
 */

/** Which columns hold the transaction id and the item (0-based). */
export interface TabularColumns {
  readonly transactionColumn: number;
  readonly itemColumn: number;
}

/**
 * Groups `records` (already parsed rows, header excluded) into transactions. Rows whose id or
 * item is empty after trimming are skipped.
 *
 * @example await groupTabularRecords([["t1", "milk"], ["t1", "bread"]], { transactionColumn: 0, itemColumn: 1 })
 */
export async function groupTabularRecords(
  records: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  columns: TabularColumns,
): Promise<string[][]> {
  const baskets = new Map<string, string[]>();
  for await (const record of records) {
    const id = record[columns.transactionColumn]?.trim();
    const item = record[columns.itemColumn]?.trim();
    if (!id || !item) continue;
    const basket = baskets.get(id);
    if (basket) basket.push(item);
    else baskets.set(id, [item]);
  }
  return [...baskets.values()];
}
