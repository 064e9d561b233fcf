/**
 * What follows an order days or weeks later: warranty registrations for appliances and
 * electronics, product reviews, and complaints. These are leaves of the history (they change no
 * state the basket depends on), so they are emitted straight away with their future times.
 */
import type { BasketLine } from "./basket.js";
import type { DemoItem } from "./catalogue.js";
import { type CustomerState, emit } from "./customer-state.js";
import { trackMessage } from "./messages.js";
import type { Store } from "./places.js";
import { serverSender, webSender } from "./senders.js";
import { DAY, isoDate } from "./time.js";

const COMPLAINTS: readonly (readonly [category: string, description: string])[] = [
  ["damaged_item", "Die Verpackung war beschädigt und der Artikel hat einen Kratzer."],
  ["late_delivery", "Die Lieferung kam eine Woche später als angekündigt."],
  ["wrong_item", "Ich habe einen anderen Artikel erhalten als bestellt."],
  ["quality", "Das Produkt ist nach kurzer Zeit kaputtgegangen."],
  ["billing", "Der Rabatt wurde an der Kasse nicht abgezogen."],
  ["staff", "Die Beratung in der Filiale war unfreundlich."],
];

const REVIEWS: Readonly<Record<number, readonly [title: string, body: string]>> = {
  1: ["Enttäuscht", "Hat meine Erwartungen leider nicht erfüllt."],
  2: ["Geht so", "Für den Preis hätte ich mehr erwartet."],
  3: ["Ordentlich", "Erfüllt seinen Zweck, mehr nicht."],
  4: ["Gutes Produkt", "Bin zufrieden, würde es wieder kaufen."],
  5: ["Top!", "Absolut empfehlenswert, hervorragende Qualität."],
};

const RATING_WEIGHTS = [0.05, 0.07, 0.13, 0.35, 0.4];

/** Emits the after-sales events of one order. */
export function afterSales(
  s: CustomerState,
  t: number,
  orderId: string,
  lines: readonly BasketLine[],
  store: Store | undefined,
): void {
  let complained: DemoItem | undefined;
  if (s.rng.chance(store === undefined ? 0.025 : 0.01)) complained = complaint(s, t, orderId, lines);
  for (const { item } of lines) {
    if (item.warranty && s.rng.chance(0.5)) warranty(s, t, orderId, item, store);
    if (item.reviewable && s.rng.chance(0.12)) review(s, t, item, item === complained);
  }
}

function complaint(s: CustomerState, t: number, orderId: string, lines: readonly BasketLine[]): DemoItem {
  const at = t + s.rng.between(1, 14) * DAY;
  const item = s.rng.pick(lines).item;
  const [category, description] = s.rng.pick(COMPLAINTS);
  const properties = {
    complaint_id: `c-${s.run.seed}-${s.profile.index}-${++s.counters.complaints}`,
    category,
    order_id: orderId,
    product_id: item.product.id,
    description,
    status: "open",
  };
  emit(s, at, trackMessage(at, serverSender(s), "Complaint Filed", properties));
  return item;
}

function warranty(
  s: CustomerState,
  t: number,
  orderId: string,
  item: DemoItem,
  store: Store | undefined,
): void {
  const at = t + s.rng.between(0.2, 21) * DAY;
  const serial = `SN${(s.customerSeed % 100_000).toString(36).toUpperCase()}${(++s.counters.serials).toString(36).toUpperCase()}${s.rng.uint32().toString(36).toUpperCase()}`;
  const properties: Record<string, unknown> = {
    product_id: item.product.id,
    serial_number: serial,
    purchase_date: isoDate(t),
    order_id: orderId,
  };
  if (store !== undefined) properties.store_id = store.id;
  emit(s, at, trackMessage(at, webSender(s, true), "Warranty Registered", properties));
}

function review(s: CustomerState, t: number, item: DemoItem, unhappy: boolean): void {
  const at = t + s.rng.between(5, 40) * DAY;
  const rating = unhappy ? s.rng.int(1, 2) : s.rng.weighted(RATING_WEIGHTS) + 1;
  const [title, body] = REVIEWS[rating] as readonly [string, string];
  const properties = {
    review_id: `r-${s.run.seed}-${s.profile.index}-${++s.counters.reviews}`,
    product_id: item.product.id,
    rating,
    title,
    body,
  };
  emit(s, at, trackMessage(at, webSender(s, true), "Review Submitted", properties));
}
