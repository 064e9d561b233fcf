/** Chooses the reader for an import type and file format, and opens it (header checks included). */
import { CONTACT_FIELDS, CONTACT_ID_FIELDS } from "./contact-fields.js";
import { readContacts } from "./contacts-reader.js";
import { openCsvEvents } from "./events-csv.js";
import { readNdjsonEvents } from "./events-ndjson.js";
import { ImportError } from "./import-error.js";
import { ORDER_FIELDS, REQUIRED_ORDER_FIELDS } from "./order-fields.js";
import { readOrders } from "./orders-reader.js";
import { PRODUCT_FIELDS, REQUIRED_PRODUCT_FIELDS, readProducts } from "./products-reader.js";
import { openTabular } from "./tabular-rows.js";
import type { ImportFormat, ImportOptions, ImportRow, ImportType } from "./types.js";
import { readVCardContacts } from "./vcard-reader.js";

export interface RowsInput {
  readonly path: string;
  readonly type: ImportType;
  readonly format: ImportFormat;
  readonly head: string;
  readonly text: AsyncGenerator<string>;
  readonly options: ImportOptions;
}

/** Returns the row stream; throws `ImportError` for a format the type cannot read or a bad header. */
export async function openRows(input: RowsInput): Promise<AsyncGenerator<ImportRow>> {
  const { type, format } = input;
  if (format === "vcard") {
    if (type !== "contacts")
      throw new ImportError(
        "unsupported_format",
        `vCard files can only be imported as contacts, not ${type}`,
      );
    return readVCardContacts(input.text);
  }
  const tabular = { ...input, format };
  switch (type) {
    case "orders":
      return readOrders(
        await openTabular(tabular, { type, fields: ORDER_FIELDS, required: REQUIRED_ORDER_FIELDS }),
        input.options.currency,
      );
    case "contacts":
      return readContacts(
        await openTabular(tabular, {
          type,
          fields: CONTACT_FIELDS,
          required: [],
          requiredAny: CONTACT_ID_FIELDS,
        }),
      );
    case "products":
      return readProducts(
        await openTabular(tabular, { type, fields: PRODUCT_FIELDS, required: REQUIRED_PRODUCT_FIELDS }),
      );
    case "events":
      return format === "ndjson" ? readNdjsonEvents(input.text) : openCsvEvents(input);
  }
}
