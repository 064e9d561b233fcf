/** `--type events` from CSV: one message per record, laid out by `planEventColumns`. */

import { eventMessage, planEventColumns } from "./event-columns.js";
import { withMessageId } from "./event-ids.js";
import { type CsvInput, openCsv } from "./open-csv.js";
import type { ImportRow } from "./types.js";

/** Reads the header (throwing on bad columns) and returns the rows. */
export async function openCsvEvents(input: CsvInput): Promise<AsyncGenerator<ImportRow>> {
  const table = await openCsv(input);
  const plan = table.header === undefined ? [] : planEventColumns(table.header);
  return (async function* () {
    for await (const batch of table.records) {
      yield* batch.map((record): ImportRow => {
        if ("failure" in record)
          return { kind: "error", line: record.line, code: "csv_syntax", error: record.failure };
        return {
          kind: "message",
          line: record.line,
          message: withMessageId(eventMessage(record.cells, plan, table.decimalComma)),
        };
      });
    }
  })();
}
