/** Realistic shop events for ingest benchmarks: orders, product views, searches and pages (~0.5 KB each). */
const CATEGORIES = ["Lebensmittel", "Drogerie", "Haushalt", "Bekleidung", "Elektro"];

/** The users a run's events belong to: event `i` is user `i mod BENCH_USERS`'s. */
export const BENCH_USERS = 50_000;

/**
 * Event `i` of a run: 50,000 users, each on one device (the same address and browser in all their
 * events) unless `addressPerEvent`, which gives every event an address of its own, the worst case
 * for sealing (no two personal parts of a person alike).
 */
export function benchEvent(i: number, runId: string, addressPerEvent = false): Record<string, unknown> {
  const user = `bench-user-${i % BENCH_USERS}`;
  const base = {
    messageId: `${runId}-${i}`,
    userId: user,
    anonymousId: `anon-${i % 80_000}`,
    timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    context: {
      ip: addressPerEvent ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` : "198.51.100.23",
      userAgent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Safari/537.36",
      locale: "de-DE",
      library: { name: "analytics-node", version: "3.1.0" },
    },
  };
  switch (i % 4) {
    case 0:
      return {
        ...base,
        type: "track",
        event: "Order Completed",
        properties: {
          order_id: `o-${runId}-${i}`,
          channel: "online",
          currency: "EUR",
          total: 42.97,
          products: [0, 1, 2].map((k) => ({
            product_id: `p-${(i * 7 + k * 13) % 500}`,
            name: `Artikel ${(i * 7 + k * 13) % 500}`,
            category: CATEGORIES[(i + k) % CATEGORIES.length],
            price: 14.99 - k,
            quantity: 1 + (k % 2),
          })),
        },
      };
    case 1:
      return {
        ...base,
        type: "track",
        event: "Product Viewed",
        properties: { product_id: `p-${i % 500}`, price: 19.99, category: "Bekleidung" },
      };
    case 2:
      return {
        ...base,
        type: "track",
        event: "Products Searched",
        properties: { query: "winterjacke damen" },
      };
    default:
      return {
        ...base,
        type: "page",
        name: "Produktseite",
        properties: { url: `https://shop.example.de/p/${i % 500}`, title: "Artikel" },
      };
  }
}
