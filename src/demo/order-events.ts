/**
 * One shopping trip becomes messages: optional research on the web or a location ping at the
 * store door, then `Order Completed` (line items, currency by country, VAT, shipping, payment,
 * loyalty card), the points it earns, and what it sets off: regular purchases a durable brings
 * with it, later up-sell purchases, and after-sales events (warranty, review, complaint).
 */
import { afterSales } from "./after-sales.js";
import { type BasketLine, buildBasket, recordPurchase } from "./basket.js";
import { demoShop } from "./catalogue.js";
import { FOLLOW_UP_RULES, type FollowUpRule, OWNERSHIP_REPLENISHES } from "./co-purchase.js";
import { addRegular, type Channel, type CustomerState, emit } from "./customer-state.js";
import { earnPoints, maybeRedeem } from "./loyalty.js";
import { trackMessage } from "./messages.js";
import { type Country, currencyOf, STORES, type Store, vatRates } from "./places.js";
import { serverSender } from "./senders.js";
import { DAY, storeTime, webTime } from "./time.js";
import { locationPing, researchSession } from "./web-events.js";

const PAYMENT: Readonly<Record<Country, { store: readonly string[]; online: readonly string[] }>> = {
  DE: {
    store: ["girocard", "cash", "credit_card", "mobile_wallet"],
    online: ["paypal", "credit_card", "invoice", "klarna"],
  },
  CH: {
    store: ["debit_card", "twint", "cash", "credit_card"],
    online: ["twint", "credit_card", "invoice", "postfinance"],
  },
  AT: {
    store: ["bankomat", "cash", "credit_card", "mobile_wallet"],
    online: ["paypal", "credit_card", "eps", "klarna"],
  },
};

const STORES_BY_COUNTRY: Readonly<Record<Country, readonly Store[]>> = {
  DE: STORES.filter((store) => store.country === "DE"),
  CH: STORES.filter((store) => store.country === "CH"),
  AT: STORES.filter((store) => store.country === "AT"),
};

const SHIFT_REGULAR = [
  "ready-meals",
  "frozen-pizza",
  "beer",
  "wine",
  "spirits",
  "chips",
  "bread",
  "coffee",
  "paper",
];
const SHIFT_IMPULSE = ["spirits", "wine", "chocolate", "soft-drinks"];

/** Generates one order at `t` with everything that belongs to it. */
export function handleTrip(s: CustomerState, t: number, channel: Channel, forced: readonly string[]): void {
  applyShift(s, t);
  const lines = buildBasket(s, t, channel, forced);
  if (lines.length === 0) return;
  const { profile, run } = s;
  const orderId = `o-${run.seed}-${profile.index}-${++s.counters.orders}`;
  const store = channel === "store" ? pickStore(s) : undefined;
  if (store === undefined) {
    if (s.rng.chance(0.25)) researchSession(s, t - s.rng.int(3, 25) * 60_000, lines);
  } else if (profile.hasApp && s.consent.location === true && s.rng.chance(0.3)) {
    locationPing(s, t - s.rng.int(2, 8) * 60_000, store);
  }
  const currency = currencyOf(profile.country);
  const { products, subtotal, tax } = priceLines(profile.country, lines);
  const discount = maybeRedeem(s, t, orderId, subtotal);
  const shipping = store !== undefined || subtotal >= 50 ? 0 : currency === "CHF" ? 6.9 : 4.95;
  const revenue = round2(subtotal - discount);
  const properties: Record<string, unknown> = { order_id: orderId, channel };
  if (store !== undefined) properties.store_id = store.id;
  properties.products = products;
  properties.currency = currency;
  properties.revenue = revenue;
  properties.total = round2(revenue + shipping);
  properties.tax = round2(tax * (revenue / subtotal));
  properties.shipping = shipping;
  properties.discount = discount;
  properties.payment_method = paymentMethod(s, channel);
  if (profile.cardId !== undefined) properties.loyalty_card_id = profile.cardId;
  emit(s, t, trackMessage(t, serverSender(s), "Order Completed", properties));
  earnPoints(s, t + 1_000, Math.floor(revenue), "purchase", orderId);
  recordPurchase(s, t, lines);
  s.lastProductLine = (s.rng.pick(lines).item.product.categoryPath[0] as string) ?? s.lastProductLine;
  consequences(s, t, lines);
  afterSales(s, t, orderId, lines, store);
}

/** Segment line items in the customer's currency, with the subtotal and the VAT it contains. */
function priceLines(
  country: Country,
  lines: readonly BasketLine[],
): { products: Record<string, unknown>[]; subtotal: number; tax: number } {
  const chf = country === "CH";
  const vat = vatRates(country);
  let subtotal = 0;
  let tax = 0;
  const products: Record<string, unknown>[] = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const { item, quantity } = lines[i] as BasketLine;
    const price = chf ? item.priceChf : item.priceEur;
    const rate = item.reducedVat ? vat.reduced : vat.standard;
    subtotal += price * quantity;
    tax += (price * quantity * rate) / (1 + rate);
    const { product } = item;
    products[i] = {
      product_id: product.id,
      name: product.name,
      category: item.category,
      brand: product.brand,
      price,
      quantity,
    };
  }
  return { products, subtotal, tax };
}

/** Scenario 7: from `shiftAt` on, family and baby purchases give way to alcohol and ready meals. */
function applyShift(s: CustomerState, t: number): void {
  if (t < s.shiftAt) return;
  const shop = demoShop();
  s.shiftAt = Number.POSITIVE_INFINITY;
  s.regular = SHIFT_REGULAR.map((key) => shop.group(key).index);
  s.impulse = SHIFT_IMPULSE.map((key) => shop.group(key).index);
}

/** Durables switch on regular purchases; some purchases lead to later up-sell purchases. */
function consequences(s: CustomerState, t: number, lines: readonly BasketLine[]): void {
  const table = consequenceTable();
  for (const { item } of lines) {
    const entry = table[item.groupIndex];
    if (entry === undefined) continue;
    for (const replenished of entry.replenishes) addRegular(s, replenished);
    for (const rule of entry.followUps) {
      if (!s.rng.chance(rule.p)) continue;
      const when = t + s.rng.between(rule.minDays, rule.maxDays) * DAY;
      const channel = s.profile.cardId === undefined || s.rng.chance(0.6) ? "online" : "store";
      const at = channel === "online" ? webTime(s.rng, when) : storeTime(s.rng, when);
      if (at > t && at <= s.run.end) s.queue.push({ t: at, kind: "trip", channel, forced: [rule.buy] });
    }
  }
}

/** Ownership and follow-up rules by group index; groups without any have no entry. */
let consequencesByGroup:
  | ({ replenishes: readonly string[]; followUps: readonly FollowUpRule[] } | undefined)[]
  | undefined;

function consequenceTable(): (
  | { replenishes: readonly string[]; followUps: readonly FollowUpRule[] }
  | undefined
)[] {
  consequencesByGroup ??= demoShop().groups.map(({ spec }) => {
    const replenishes = OWNERSHIP_REPLENISHES[spec.key] ?? [];
    const followUps = FOLLOW_UP_RULES.filter((rule) => rule.after === spec.key);
    return replenishes.length + followUps.length === 0 ? undefined : { replenishes, followUps };
  });
  return consequencesByGroup;
}

function pickStore(s: CustomerState): Store {
  if (s.rng.chance(0.9)) return s.profile.homeStore;
  return s.rng.pick(STORES_BY_COUNTRY[s.profile.country]);
}

function paymentMethod(s: CustomerState, channel: Channel): string {
  const options = PAYMENT[s.profile.country][channel];
  // Most people stick to one way of paying.
  return s.rng.chance(0.7) ? (options[s.customerSeed % options.length] as string) : s.rng.pick(options);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
