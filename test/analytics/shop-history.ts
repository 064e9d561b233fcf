/**
 * A small shop's history for the analytics tests, generated deterministically relative to now:
 * bread is bought with butter, dishwashers with tabs, cameras by people who later buy a bag, winter
 * jackets every two and a half years; some baskets hold baby food and wine, which must never be
 * offered to anyone. Plus the persons the scenarios look at.
 */
import type { ProductInput } from "../../src/protocol/index.js";

const DAY = 86_400_000;

export const CATALOGUE: ProductInput[] = [
  {
    id: "bread",
    name: "Bauernbrot",
    categoryPath: ["Lebensmittel", "Brot"],
    price: 2.5,
    tags: ["replenishable"],
  },
  {
    id: "butter",
    name: "Butter",
    categoryPath: ["Lebensmittel", "Butter"],
    price: 1.99,
    tags: ["replenishable"],
  },
  { id: "jam", name: "Erdbeerkonfitüre", categoryPath: ["Lebensmittel", "Aufstrich"], price: 3.2, tags: [] },
  { id: "dishwasher", name: "Geschirrspüler S1", categoryPath: ["Haushalt", "Geschirrspüler"], price: 499 },
  {
    id: "dishwasher-plus",
    name: "Geschirrspüler S9",
    categoryPath: ["Haushalt", "Geschirrspüler"],
    price: 799,
  },
  {
    id: "tabs",
    name: "Spültabs 40 Stück",
    categoryPath: ["Haushalt", "Spülmittel"],
    price: 9.99,
    tags: ["replenishable"],
  },
  {
    id: "cam-entry",
    name: "Kamera Einsteiger",
    categoryPath: ["Elektro", "Kameras"],
    price: 299,
    tags: ["tier:entry"],
  },
  {
    id: "cam-pro",
    name: "Kamera Profi",
    categoryPath: ["Elektro", "Kameras"],
    price: 849,
    tags: ["tier:premium"],
  },
  { id: "cam-bag", name: "Kameratasche", categoryPath: ["Elektro", "Kamerazubehör"], price: 39 },
  {
    id: "jacket-a",
    name: "Winterjacke Alpin",
    categoryPath: ["Bekleidung", "Jacken", "Winterjacken"],
    price: 199,
  },
  {
    id: "jacket-b",
    name: "Winterjacke Stadt",
    categoryPath: ["Bekleidung", "Jacken", "Winterjacken"],
    price: 249,
  },
  {
    id: "baby-food",
    name: "Babybrei",
    categoryPath: ["Drogerie", "Baby"],
    price: 1.49,
    tags: ["sensitive:baby"],
  },
  { id: "wine", name: "Rotwein", categoryPath: ["Getränke", "Wein"], price: 8.99 },
];

export const SENSITIVE_ITEMS = ["baby-food", "wine"];

interface Line {
  product_id: string;
  price: number;
  category: string;
  quantity: number;
}

export interface Message {
  type: string;
  userId: string;
  messageId: string;
  timestamp: string;
  event?: string;
  traits?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

function line(id: string): Line {
  const product = CATALOGUE.find((p) => p.id === id)!;
  return { product_id: id, price: product.price!, category: product.categoryPath!.join(" > "), quantity: 1 };
}

function order(userId: string, orderId: string, at: number, items: string[]): Message {
  const products = items.map(line);
  return {
    type: "track",
    userId,
    messageId: `order-${orderId}`,
    event: "Order Completed",
    timestamp: new Date(at).toISOString(),
    properties: { order_id: orderId, revenue: products.reduce((s, p) => s + p.price, 0), products },
  };
}

function identify(userId: string, at: number, personalisation: boolean): Message {
  return {
    type: "identify",
    userId,
    messageId: `identify-${userId}`,
    timestamp: new Date(at).toISOString(),
    traits: { firstName: userId },
    context: { consent: { categoryPreferences: { personalisation, analytics: true } } },
  };
}

/** Everything the shop recorded, oldest first; `now` anchors the relative dates. */
export function shopHistory(now: number): Message[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const messages: Message[] = [];
  for (let c = 1; c <= 40; c++) {
    const user = `c${c}`;
    const since = now - (900 + Math.floor(random() * 300)) * DAY;
    messages.push(identify(user, since, true));
    const visits = 4 + Math.floor(random() * 10);
    for (let v = 0; v < visits; v++) {
      const at = since + Math.floor(random() * 880) * DAY;
      const basket = ["bread"];
      if (random() < 0.8) basket.push("butter");
      if (random() < 0.3) basket.push("jam");
      if (c % 5 === 0 && random() < 0.5) basket.push("baby-food");
      if (c % 4 === 0 && random() < 0.5) basket.push("wine");
      messages.push(order(user, `${user}-${v}`, at, basket));
    }
    if (c % 3 === 0) {
      messages.push(order(user, `${user}-dw`, since + 10 * DAY, ["dishwasher", "tabs"]));
      messages.push(order(user, `${user}-tabs`, since + 100 * DAY, ["tabs"]));
    }
    if (c % 4 === 1) {
      messages.push(order(user, `${user}-cam`, since + 20 * DAY, ["cam-entry", "cam-bag"]));
      if (c % 8 === 1) messages.push(order(user, `${user}-cam2`, since + 400 * DAY, ["cam-pro"]));
    }
    if (c % 2 === 0) {
      const first = since + 5 * DAY;
      const gap = (850 + Math.floor(random() * 150)) * DAY;
      messages.push(order(user, `${user}-j1`, first, ["jacket-a"]));
      if (first + gap < now - 5 * DAY) messages.push(order(user, `${user}-j2`, first + gap, ["jacket-b"]));
    }
  }
  // The persons the scenarios look at.
  messages.push(identify("anna", now - 60 * DAY, true));
  messages.push(order("anna", "anna-1", now - 50 * DAY, ["dishwasher", "bread"]));
  messages.push(identify("ben", now - 60 * DAY, false));
  messages.push(order("ben", "ben-1", now - 50 * DAY, ["dishwasher", "bread"]));
  messages.push(identify("jana", now - 1000 * DAY, true));
  messages.push(order("jana", "jana-1", now - 930 * DAY, ["jacket-a", "bread"]));
  messages.push(order("jana", "jana-2", now - 30 * DAY, ["jacket-b", "butter"]));
  messages.push(identify("carl", now - 60 * DAY, true));
  messages.push(order("carl", "carl-1", now - 40 * DAY, ["cam-entry"]));
  messages.push(identify("dora", now - 800 * DAY, true));
  messages.push(order("dora", "dora-1", now - 700 * DAY, ["cam-entry"]));
  return messages.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}
