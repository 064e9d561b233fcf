/**
 * Columns of an orders file: one row per order line. Aliases cover the generic snake_case layout,
 * the UCI Online Retail layout (InvoiceNo, StockCode, Description, Quantity, InvoiceDate,
 * UnitPrice, CustomerID, Country) and common German headers.
 */
import type { FieldSpec } from "./columns.js";

export type OrderField =
  | "order_id"
  | "customer_id"
  | "email"
  | "product_id"
  | "product_name"
  | "category"
  | "price"
  | "quantity"
  | "timestamp"
  | "store_id"
  | "channel"
  | "currency"
  | "loyalty_card_id"
  | "country";

export const ORDER_FIELDS: FieldSpec<OrderField> = {
  order_id: [
    "orderid",
    "invoiceno",
    "invoice",
    "invoicenumber",
    "ordernumber",
    "order",
    "bestellnummer",
    "belegnummer",
  ],
  customer_id: ["customerid", "userid", "customer", "kundennummer", "kundenid"],
  email: ["email", "emailaddress", "customeremail", "emailadresse"],
  product_id: ["productid", "stockcode", "sku", "itemid", "articleid", "artikelnummer"],
  product_name: ["productname", "description", "name", "itemname", "artikelname", "bezeichnung"],
  category: ["category", "productcategory", "kategorie", "warengruppe"],
  price: ["price", "unitprice", "itemprice", "preis", "einzelpreis"],
  quantity: ["quantity", "qty", "menge", "anzahl"],
  timestamp: [
    "timestamp",
    "date",
    "orderdate",
    "invoicedate",
    "datetime",
    "createdat",
    "datum",
    "bestelldatum",
  ],
  store_id: ["storeid", "store", "filiale"],
  channel: ["channel", "kanal"],
  currency: ["currency", "währung"],
  loyalty_card_id: ["loyaltycardid", "cardid", "loyaltycard", "kundenkarte"],
  country: ["country", "land"],
};

export const REQUIRED_ORDER_FIELDS: readonly OrderField[] = ["order_id", "product_id", "price", "quantity"];

/** The UCI Online Retail header, recognised by its two most distinctive columns. */
export function isUciHeader(header: ReadonlySet<string>): boolean {
  return header.has("invoiceno") && header.has("stockcode");
}
