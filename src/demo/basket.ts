/**
 * What goes into one order. Regular purchases come up when their personal cycle has run out
 * (milk about weekly, tabs about monthly), a few impulse buys join, forced groups (a planned
 * durable) are added, and complements follow their rules (pasta → tomato sauce, dishwasher →
 * tabs). Each group then resolves to the customer's favourite product most of the time.
 */
import { type DemoGroup, type DemoItem, demoShop, itemAt } from "./catalogue.js";
import { complementsOf } from "./co-purchase.js";
import type { Channel, CustomerState } from "./customer-state.js";
import { hashUnit } from "./rng.js";
import { DAY, monthOf } from "./time.js";

/** One line of a basket. */
export interface BasketLine {
  readonly item: DemoItem;
  readonly quantity: number;
}

const MAX_LINES = 30;
/** A regular item is bought once this much of its cycle has passed (people restock before running out). */
const DUE = 0.6;

/**
 * Builds a basket for a trip at `t`. With `forced` groups (a planned durable) an online order
 * holds just those and their complements; a store trip adds a few regular items.
 */
export function buildBasket(
  s: CustomerState,
  t: number,
  channel: Channel,
  forced: readonly string[],
): BasketLine[] {
  const shop = demoShop();
  const online = channel === "online";
  const month = monthOf(t);
  const picked: number[] = [];
  for (const key of forced) add(picked, shop.group(key), online);
  if (forced.length === 0 || !online) {
    addDueRegulars(s, t, online, month, tripSize(s, online, forced.length > 0), picked);
    const impulses = s.rng.poisson(online ? 0.4 : 0.8);
    for (let i = 0; i < impulses && s.impulse.length > 0; i++) {
      const g = shop.groups[s.rng.pick(s.impulse)] as DemoGroup;
      if (inSeason(g, month)) add(picked, g, online);
    }
  }
  const complements = complementTable();
  for (let i = 0; i < picked.length; i++) {
    for (const rule of complements[picked[i] as number] as readonly Complement[]) {
      if (s.rng.chance(rule.p)) add(picked, rule.group, online);
    }
  }
  const lines: BasketLine[] = new Array(picked.length);
  for (let i = 0; i < picked.length; i++) lines[i] = line(s, shop.groups[picked[i] as number] as DemoGroup);
  return lines;
}

/** A complement rule resolved to its consequent group. */
interface Complement {
  readonly group: DemoGroup;
  readonly p: number;
}
let complementsByGroup: (readonly Complement[])[] | undefined;

/** Complement rules indexed by antecedent group index, resolved once. */
function complementTable(): (readonly Complement[])[] {
  if (complementsByGroup === undefined) {
    const shop = demoShop();
    complementsByGroup = shop.groups.map((g) =>
      complementsOf(g.spec.key).map((rule) => ({ group: shop.group(rule.consequent), p: rule.p })),
    );
  }
  return complementsByGroup;
}

function add(picked: number[], g: DemoGroup, online: boolean): void {
  if (picked.length < MAX_LINES && (!online || g.online) && !picked.includes(g.index)) picked.push(g.index);
}

/** How many due regular groups a trip takes: a weekly shop takes most of them, a top-up a few. */
function tripSize(s: CustomerState, online: boolean, forced: boolean): number {
  if (forced) return s.rng.poisson(1.5);
  if (online) return 1 + s.rng.poisson(1.2);
  return s.rng.chance(s.weekly ? 0.85 : 0.6) ? 12 + s.rng.poisson(4) : 1 + s.rng.poisson(2);
}

/** Marks the basket's groups as bought at `t`. */
export function recordPurchase(s: CustomerState, t: number, lines: readonly BasketLine[]): void {
  for (const { item } of lines) s.lastBought[item.groupIndex] = t;
}

// Scratch space for addDueRegulars: one customer is generated at a time, synchronously.
const dueGroups: DemoGroup[] = [];
const dueScores: number[] = [];

function addDueRegulars(
  s: CustomerState,
  t: number,
  online: boolean,
  month: number,
  wanted: number,
  picked: number[],
): void {
  if (wanted <= 0) return;
  const shop = demoShop();
  let n = 0;
  for (const index of s.regular) {
    const g = shop.groups[index] as DemoGroup;
    if ((online && !g.online) || !inSeason(g, month)) continue;
    const last = s.lastBought[index] as number;
    const score = Number.isNaN(last) ? 0.8 + s.rng.next() : (t - last) / personalCycle(s, g);
    if (score < DUE) continue;
    dueGroups[n] = g;
    dueScores[n] = score * (0.8 + 0.4 * s.rng.next());
    n++;
  }
  // The `wanted` most overdue, by selection: n is small.
  for (let k = 0; k < wanted && k < n; k++) {
    let best = k;
    for (let j = k + 1; j < n; j++) if ((dueScores[j] as number) > (dueScores[best] as number)) best = j;
    const g = dueGroups[best] as DemoGroup;
    dueGroups[best] = dueGroups[k] as DemoGroup;
    dueScores[best] = dueScores[k] as number;
    add(picked, g, online);
  }
}

/** The group's cycle scaled by a fixed per-customer factor in [0.7, 1.4). */
function personalCycle(s: CustomerState, g: DemoGroup): number {
  let cycle = s.cycles[g.index] as number;
  if (Number.isNaN(cycle)) {
    cycle = (g.spec.cycleDays ?? 60) * DAY * (0.7 + 0.7 * hashUnit(s.customerSeed, g.index + 1_000));
    s.cycles[g.index] = cycle;
  }
  return cycle;
}

function inSeason(g: DemoGroup, month: number): boolean {
  return g.season === undefined || g.season.includes(month);
}

function favourite(s: CustomerState, g: DemoGroup): DemoItem {
  let index = s.favourites[g.index] as number;
  if (index < 0) {
    index = g.items.indexOf(itemAt(g, hashUnit(s.customerSeed, g.index)));
    s.favourites[g.index] = index;
  }
  return g.items[index] as DemoItem;
}

function line(s: CustomerState, g: DemoGroup): BasketLine {
  if (s.pinned !== undefined && s.pinned.groupIndex === g.index) {
    const item = s.pinned;
    s.pinned = undefined;
    return { item, quantity: 1 };
  }
  // Three times in four the household's usual product: keeps product-level pairs strong.
  const item = s.rng.chance(0.75) ? favourite(s, g) : itemAt(g, s.rng.next());
  if (g.spec.cycleDays === undefined) return { item, quantity: 1 };
  const r = s.rng.next();
  return { item, quantity: r < 0.75 ? 1 : r < 0.93 ? 2 : 3 };
}
