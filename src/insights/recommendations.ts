/**
 * Recommendations for one person at request time, from the model in memory and the person's own
 * orders read fresh from the log. The rules of use come first: without consent to personalisation
 * the answer is the shop's bestsellers, chosen without looking at the person at all; sensitive
 * products (health, baby, alcohol, ...) are never offered; only the shop's own range is offered
 * once it has a catalogue; and a category the person is not due for again (a winter jacket bought
 * last month) stays out until its "not due before" date.
 */
import { type Kysely, sql } from "kysely";
import {
  type CatalogItem,
  explainRecommendation,
  type ItemFilter,
  type Purchase,
  popularItems,
  type Recommendation,
  recommendForPerson,
} from "../analytics/recommend/index.js";
import { type Decision, decide } from "../privacy/index.js";
import type { ConsentView } from "../profiles/index.js";
import type { Database } from "../storage/index.js";
import type { LoadedModel } from "./recommendation-model.js";
import { orderLines } from "./stored-orders.js";
import type { CategoryTiming } from "./timing-job.js";

export interface RecommendedItem {
  readonly productId: string;
  readonly name: string | null;
  readonly categoryPath: readonly string[];
  readonly price: number | null;
  readonly score: number;
  readonly reason: Recommendation["reason"];
  readonly because: readonly { productId: string; name: string | null }[];
  /** "because you bought …", or "popular with other customers". */
  readonly explanation: string;
}

export interface PersonRecommendations {
  readonly personId: string;
  /** False when the list is the bestsellers (no consent to personalisation). */
  readonly personalised: boolean;
  readonly decision: Decision;
  readonly items: RecommendedItem[];
  /** Categories held back because the person is not due for them yet, with the date they are. */
  readonly notDueUntil: Readonly<Record<string, string>>;
  readonly modelBuiltAt: string | null;
}

interface PersonRow {
  consent: ConsentView | null;
  timing: Record<string, CategoryTiming> | null;
}

export async function recommendationsFor(
  db: Kysely<Database>,
  workspaceId: string,
  personId: string,
  loaded: LoadedModel,
  options: {
    limit: number;
    now: number;
    onDecided?: ((personalised: boolean) => Promise<unknown>) | undefined;
  },
): Promise<PersonRecommendations> {
  const person = await sql<PersonRow>`
    select computed -> 'consent' as consent, computed -> 'predicted' -> 'timing' as timing
    from profiles where workspace_id = ${workspaceId} and id = ${personId}`.execute(db);
  const row = person.rows[0] ?? { consent: null, timing: null };
  const decision = decide(
    row.consent ?? { purposes: {}, objections: [], restricted: false },
    "personalisation",
  );
  // Started before the history is read so that its commit (an audit entry) overlaps the reading.
  const decided = options.onDecided?.(decision.allowed);
  const rangeFilter = loaded.shopFilter;
  const base = { personId, decision, modelBuiltAt: loaded.builtAt };
  if (!decision.allowed) {
    const items = popularItems(loaded.model.popularity, { n: options.limit, filter: rangeFilter });
    await decided;
    return {
      ...base,
      personalised: false,
      items: items.map((r) => describe(r, loaded.catalogue)),
      notDueUntil: {},
    };
  }
  const notDue = notDueCategories(row.timing, options.now);
  const filter: ItemFilter = (itemId) => {
    if (!rangeFilter(itemId)) return false;
    const leaf = loaded.catalogue.get(itemId)?.categoryPath.at(-1);
    return leaf === undefined || !notDue.has(leaf);
  };
  const [history] = await Promise.all([purchaseHistory(db, workspaceId, personId), decided]);
  const items = recommendForPerson(loaded.model, history, { n: options.limit, now: options.now, filter });
  return {
    ...base,
    personalised: true,
    items: items.map((r) => describe(r, loaded.catalogue)),
    notDueUntil: Object.fromEntries(notDue),
  };
}

function notDueCategories(timing: Record<string, CategoryTiming> | null, now: number): Map<string, string> {
  const held = new Map<string, string>();
  for (const [category, t] of Object.entries(timing ?? {}))
    if (Date.parse(t.notDueBefore) > now) held.set(category, t.notDueBefore);
  return held;
}

/** The person's purchased lines, from every identifier they are known by. */
async function purchaseHistory(
  db: Kysely<Database>,
  workspaceId: string,
  personId: string,
): Promise<Purchase[]> {
  const { rows } = await sql<{ ts: Date; properties: Record<string, unknown> }>`
    select e.ts, e.properties from events e
    where e.workspace_id = ${workspaceId} and e.type = 'track' and e.event = 'Order Completed'
      and e.identity_key in (select key from identities where workspace_id = ${workspaceId} and person_id = ${personId})`.execute(
    db,
  );
  const history: Purchase[] = [];
  for (const row of rows)
    for (const line of orderLines(row.properties.products))
      history.push({ customerId: personId, itemId: line.itemId, time: row.ts.getTime() });
  return history;
}

function describe(r: Recommendation, catalogue: ReadonlyMap<string, CatalogItem>): RecommendedItem {
  const item = catalogue.get(r.itemId);
  const nameOf = (id: string) => catalogue.get(id)?.name ?? null;
  return {
    productId: r.itemId,
    name: item?.name ?? null,
    categoryPath: item?.categoryPath ?? [],
    price: item === undefined ? null : item.price,
    score: Math.round(r.score * 1e6) / 1e6,
    reason: r.reason,
    because: r.because.map((id) => ({ productId: id, name: nameOf(id) })),
    explanation: explainRecommendation(r, (id) => nameOf(id) ?? id),
  };
}
