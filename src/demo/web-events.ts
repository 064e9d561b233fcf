/**
 * Web shop and app activity: anonymous browsing, the registration that links the browser's
 * anonymousId to the userId, logged-in browsing and product research, searches with the words
 * people type ("winterjacke", "spülmaschinentabs"), location pings at a store, consent changes
 * from the preference centre and the click on the double opt-in link.
 */
import type { BasketLine } from "./basket.js";
import { type DemoGroup, type DemoItem, demoShop, itemAt } from "./catalogue.js";
import { type CustomerState, emit } from "./customer-state.js";
import { identifyMessage, pageMessage, type Sender, trackMessage } from "./messages.js";
import type { PersonaKey } from "./personas.js";
import type { Store } from "./places.js";
import { hashUnit } from "./rng.js";
import {
  appSender,
  onlineSender,
  serverSender,
  serverSenderWith,
  webSender,
  webSenderWith,
} from "./senders.js";
import { isoTime } from "./time.js";

const SHOP_URL = "https://shop.example.com";
const INTERESTS = new Map<PersonaKey, readonly DemoGroup[]>();

/** An anonymous visit before registering: a landing page, a search now and then, some products. */
export function anonSession(s: CustomerState, t: number): void {
  const focus = s.rng.pick(interests(s));
  session(s, t, webSender(s, false), focus, s.rng.chance(0.35), 1 + s.rng.poisson(0.3));
}

/** A logged-in visit without an order, optionally about one group (research before a durable). */
export function browseSession(s: CustomerState, t: number, focusKey: string | undefined): void {
  const focus = focusKey === undefined ? s.rng.pick(interests(s)) : demoShop().group(focusKey);
  session(
    s,
    t,
    onlineSender(s),
    focus,
    s.rng.chance(focusKey === undefined ? 0.3 : 0.7),
    1 + s.rng.poisson(0.7),
  );
}

/** Scenario 6, first half: searches for a winter jacket, looks at a few, buys nothing; remembers one. */
export function jacketSearch(s: CustomerState, t: number): void {
  const jackets = demoShop().group("winter-jacket");
  const last = session(s, t, onlineSender(s), jackets, true, 2 + s.rng.poisson(1));
  s.pinned = last ?? itemAt(jackets, s.rng.next());
}

/** Looks at some of an online order's products just before ordering. */
export function researchSession(s: CustomerState, t: number, lines: readonly BasketLine[]): void {
  const sender = onlineSender(s);
  const first = (lines[0] as BasketLine).item;
  page(s, t, sender, "Kategorie", `/c/${first.groupKey}`, first.product.categoryPath.at(-1) as string);
  const views = Math.min(lines.length, 1 + s.rng.poisson(0.4));
  for (let i = 0; i < views; i++)
    productViewed(s, t + (i + 1) * s.rng.int(15, 90) * 1000, sender, (lines[i] as BasketLine).item);
}

/** The app reports that the customer is at a store. */
export function locationPing(s: CustomerState, t: number, store: Store): void {
  const properties = {
    store_id: store.id,
    latitude: store.latitude,
    longitude: store.longitude,
    city: store.city,
    radius_m: 150,
  };
  emit(s, t, trackMessage(t, appSender(s), "Location Entered", properties));
}

/** Registration: web sign-ups link the browser's anonymousId; store sign-ups come from the loyalty desk. */
export function register(s: CustomerState, t: number): void {
  const p = s.profile;
  const traits: Record<string, unknown> = {
    firstName: p.firstName,
    lastName: p.lastName,
    email: p.email,
    phone: p.phone,
    birthday: p.birthday,
    gender: p.gender,
    address: { city: p.city.name, postalCode: p.postalCode, country: p.country },
    createdAt: isoTime(t),
    signup_channel: p.webFirst ? "web" : "store",
  };
  if (p.cardId !== undefined) traits.loyalty_card_id = p.cardId;
  const consent = s.consent;
  const storeId = p.homeStore.id;
  const sender = p.webFirst
    ? webSenderWith(s, () => ({ consent: { categoryPreferences: { ...consent } } }))
    : serverSenderWith(s, () => ({ consent: { categoryPreferences: { ...consent } }, store_id: storeId }));
  emit(s, t, identifyMessage(t, sender, traits));
  if (consent["marketing.email"] === true) confirmEmailOptIn(s, t);
}

/** Share of e-mail opt-ins who click the link in the double opt-in mail; the rest never do. */
const DOUBLE_OPT_IN_CLICKS = 0.8;
/** Salts of the per-customer choices below (basket.ts uses group indices and 1,000 + index). */
const CLICKS_SALT = 2_000;
const DELAY_SALT = 2_001;

/**
 * The click on the double opt-in link, from a minute to a day after signing up: only then may
 * the customer be e-mailed. The newsletter system reports it as a `Consent Updated` event.
 */
function confirmEmailOptIn(s: CustomerState, t: number): void {
  // hashUnit, not the stream: the choice takes no draw from the customer's random stream.
  if (hashUnit(s.customerSeed, CLICKS_SALT) >= DOUBLE_OPT_IN_CLICKS) return;
  s.emailConfirmed = true;
  // Most click at once, a few only the next day.
  const at = t + 60_000 * (1 + Math.floor(hashUnit(s.customerSeed, DELAY_SALT) ** 3 * 1_440));
  const properties = {
    purpose: "marketing.email",
    status: "granted",
    method: "double_opt_in",
    proof: { requestedAt: isoTime(t), confirmedAt: isoTime(at) },
  };
  emit(s, at, trackMessage(at, serverSender(s), "Consent Updated", properties));
}

/** Scenario 8: the customer withdraws consent (or objects to all marketing) in the preference centre. */
export function consentChange(s: CustomerState, t: number): void {
  const r = s.rng.next();
  const next: Record<string, boolean> = { ...s.consent };
  if (r < 0.55) next["marketing.email"] = false;
  else if (r < 0.8) {
    next.personalisation = false;
    next.location = false;
  } else for (const key of Object.keys(next)) next[key] = key === "service";
  s.consent = next;
  const sender = serverSenderWith(s, () => ({ consent: { categoryPreferences: { ...next } } }));
  emit(s, t, identifyMessage(t, sender, {}));
}

/** Landing or search page, then product views; returns the last product viewed. */
function session(
  s: CustomerState,
  t: number,
  sender: Sender,
  focus: DemoGroup,
  search: boolean,
  views: number,
): DemoItem | undefined {
  const queries = focus.spec.queries;
  let at = t;
  if (search) {
    const query =
      queries === undefined ? (focus.spec.path.at(-1) as string).toLowerCase() : s.rng.pick(queries);
    page(s, at, sender, "Suche", `/suche?q=${encodeURIComponent(query)}`, `Suche: ${query}`);
    at += s.rng.int(2, 8) * 1000;
    emit(s, at, trackMessage(at, sender, "Products Searched", { query }));
  } else {
    const leaf = focus.spec.path.at(-1) as string;
    if (s.rng.chance(0.4)) page(s, at, sender, "Startseite", "/", "Startseite");
    else page(s, at, sender, "Kategorie", `/c/${focus.spec.key}`, leaf);
  }
  let last: DemoItem | undefined;
  for (let i = 0; i < views; i++) {
    at += s.rng.int(20, 150) * 1000;
    last = itemAt(focus, s.rng.next());
    productViewed(s, at, sender, last);
  }
  return last;
}

function page(s: CustomerState, t: number, sender: Sender, name: string, path: string, title: string): void {
  emit(s, t, pageMessage(t, sender, name, { path, url: SHOP_URL + path, title }));
}

function productViewed(s: CustomerState, t: number, sender: Sender, item: DemoItem): void {
  const chf = s.profile.country === "CH";
  const { product } = item;
  const properties = {
    product_id: product.id,
    name: product.name,
    category: item.category,
    brand: product.brand,
    price: chf ? item.priceChf : item.priceEur,
    currency: chf ? "CHF" : "EUR",
    url: `${SHOP_URL}/p/${product.id}`,
  };
  emit(s, t, trackMessage(t, sender, "Product Viewed", properties));
}

/** Groups a persona browses online: its impulse and durable groups and its online regulars. */
function interests(s: CustomerState): readonly DemoGroup[] {
  const persona = s.profile.persona;
  let groups = INTERESTS.get(persona.key);
  if (groups === undefined) {
    const shop = demoShop();
    const keys = [...persona.impulse, ...Object.keys(persona.durables), ...persona.regular];
    groups = [...new Set(keys)].map((k) => shop.group(k)).filter((g) => g.online);
    INTERESTS.set(persona.key, groups);
  }
  return groups;
}
