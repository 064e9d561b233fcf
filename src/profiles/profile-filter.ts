/**
 * The marketer's "filter contacts by criteria": query parameters such as `traits.plan=premium`,
 * `computed.orderCount[gte]=3`, `demographics.age[lt]=30` or `computed.custom.ordersLast30d[gt]=1`
 * become SQL conditions over the profile row. Every value is a bound parameter and every JSON
 * path element is checked, so a filter can fail only with a 400 naming the parameter.
 */
import { type RawBuilder, sql } from "kysely";
import { clampToStorableTime, isStorableTime, STORABLE_TIME_RANGE } from "../protocol/index.js";
import type { RfmCutoffs } from "./rfm.js";

export const FILTER_OPERATORS = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "exists"] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface ProfileFilter {
  field: string;
  op: FilterOperator;
  value: string;
}

export class FilterError extends Error {
  override readonly name = "FilterError";
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}

type FieldType = "number" | "text" | "time";

/** Computed traits with their own column (indexed for sorting where it matters). */
const COLUMNS: Record<string, { column: string; type: FieldType }> = {
  "computed.firstSeen": { column: "first_seen", type: "time" },
  "computed.lastSeen": { column: "last_seen", type: "time" },
  "computed.eventCount": { column: "event_count", type: "number" },
  "computed.orderCount": { column: "order_count", type: "number" },
  "computed.revenue": { column: "revenue", type: "number" },
  "computed.lastOrderAt": { column: "last_order_at", type: "time" },
  "demographics.birthDate": { column: "birth_date", type: "time" },
};

const COMPUTED_JSON: Record<string, FieldType> = {
  cancelledOrderCount: "number",
  averageOrderValue: "number",
  firstOrderAt: "time",
  purchaseIntervalDays: "number",
  favouriteCategory: "text",
  favouriteStore: "text",
  favouriteChannel: "text",
  usualWeekday: "text",
  usualHour: "number",
  loyaltyPoints: "number",
  latestNps: "number",
  latestSatisfaction: "number",
  openComplaints: "number",
  reviewCount: "number",
  averageRating: "number",
  lastSearch: "text",
};

const DEMOGRAPHICS = ["gender", "incomeBand", "education", "occupation", "city", "postcode", "country"];

/** Sortable fields (typed columns) and their column. */
export const SORT_FIELDS: Record<
  string,
  "last_seen" | "first_seen" | "revenue" | "order_count" | "event_count"
> = {
  lastSeen: "last_seen",
  firstSeen: "first_seen",
  revenue: "revenue",
  orderCount: "order_count",
  eventCount: "event_count",
};

/** RFM scores are scored at read time, so a score filter becomes a range on the raw value. */
const RFM_FIELDS: Record<string, { key: keyof RfmCutoffs; value: RawBuilder<unknown> }> = {
  "computed.rfm.recency": { key: "recency", value: sql`extract(epoch from p.last_order_at)` },
  "computed.rfm.frequency": { key: "frequency", value: sql`p.order_count` },
  "computed.rfm.monetary": { key: "monetary", value: sql`p.revenue` },
};

/** Fields of what the analytics jobs predict: `computed.predicted.value.clv`, `….timing.<category>.notDueBefore`. */
const PREDICTED: Record<string, FieldType> = {
  clv: "number",
  expectedPurchases: "number",
  expectedOrderValue: "number",
  probabilityAlive: "number",
  churnRisk: "number",
  valueTier: "text",
  purchases: "number",
  typicalIntervalDays: "number",
  lastPurchase: "time",
  predictedNext: "time",
  notDueBefore: "time",
  overdueAfter: "time",
};

const PATH_PART = /^[\p{L}\p{N}_$ -]{1,100}$/u;

/** Parses `field` / `field[op]` query parameters; other parameters are the caller's. */
export function parseFilters(query: Record<string, unknown>, reserved: ReadonlySet<string>): ProfileFilter[] {
  const filters: ProfileFilter[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (reserved.has(name)) continue;
    const match = /^([^[\]]+)(?:\[([a-z]+)\])?$/.exec(name);
    if (match === null) throw new FilterError(name, "is not a filter: use field=value or field[op]=value");
    const [, field, op = "eq"] = match as unknown as [string, string, string | undefined];
    if (!(FILTER_OPERATORS as readonly string[]).includes(op))
      throw new FilterError(name, `unknown operator ${op}; use one of ${FILTER_OPERATORS.join(", ")}`);
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value !== "string") throw new FilterError(name, "needs a value");
      filters.push({ field: field as string, op: op as FilterOperator, value });
    }
  }
  return filters;
}

/** The SQL condition for one filter over `profiles p`. */
/** Traits stored sealed (contact data): only exact matches, through their blind tokens. */
export interface SealedTraits {
  isSealed(path: string): boolean;
  token(path: string, value: string): string;
}

export function filterCondition(
  filter: ProfileFilter,
  now: number,
  rfm?: RfmCutoffs,
  sealed?: SealedTraits,
): RawBuilder<unknown> {
  const name = `${filter.field}${filter.op === "eq" ? "" : `[${filter.op}]`}`;
  const dimension = RFM_FIELDS[filter.field];
  if (dimension !== undefined) return rfmCondition(name, filter, dimension, rfm);
  const column = COLUMNS[filter.field];
  if (column !== undefined)
    return compare(name, { column: sql.ref(`p.${column.column}`) }, column.type, filter);
  if (filter.field === "demographics.age") return ageCondition(name, filter, now);
  if (filter.field === "computed.recencyDays") {
    if (!["gt", "gte", "lt", "lte"].includes(filter.op))
      throw new FilterError(name, "recencyDays takes gt, gte, lt or lte");
    const days = number(name, filter.value);
    // A cutoff beyond the storable range selects the same people as the range's end does:
    // no stored time lies past it.
    const at = new Date(clampToStorableTime(now - days * 86_400_000)).toISOString();
    return compare(name, { column: sql.ref("p.last_order_at") }, "time", {
      ...filter,
      value: at,
      op: invert(filter.op),
    });
  }
  const [head, ...rest] = filter.field.split(".");
  if (rest.length === 0 || !rest.every((part) => PATH_PART.test(part)))
    throw new FilterError(name, `unknown field ${filter.field}`);
  if (head === "traits" && sealed?.isSealed(rest.join(".")))
    return sealedCondition(name, rest.join("."), filter, sealed);
  if (head === "traits") return compare(name, jsonPath("traits", rest), "auto", filter);
  if (head === "demographics" && rest.length === 1 && DEMOGRAPHICS.includes(rest[0]!))
    return compare(name, jsonPath("computed", ["demographics", rest[0]!]), "text", filter);
  if (head === "computed") {
    const type = COMPUTED_JSON[rest[0]!];
    if (rest.length === 1 && type !== undefined)
      return compare(name, jsonPath("computed", rest), type, filter);
    if (rest.length === 2 && rest[0] === "lastPurchaseByCategory")
      return compare(name, jsonPath("computed", rest), "time", filter);
    if (rest.length === 2 && rest[0] === "satisfactionByProductLine")
      return compare(name, jsonPath("computed", rest), "number", filter);
    if ((rest.length === 3 || rest.length === 4) && rest[0] === "predicted")
      return compare(name, jsonPath("computed", rest), PREDICTED[rest.at(-1)!] ?? "auto", filter);
    if (rest.length >= 2 && rest[0] === "custom")
      return compare(name, jsonPath("computed", rest), "auto", filter);
  }
  throw new FilterError(name, `unknown field ${filter.field}`);
}

function sealedCondition(name: string, path: string, filter: ProfileFilter, sealed: SealedTraits) {
  const tokens = filter.op === "eq" ? [filter.value] : filter.value.split(",");
  if (filter.op === "eq" || filter.op === "in")
    return sql`p.id in (select person_id from profile_search where workspace_id = p.workspace_id
      and token = any(${tokens.map((v) => sealed.token(path, v))}::text[]))`;
  throw new FilterError(
    name,
    `traits.${path} is contact data, stored encrypted: filter it with eq or in (exact values), or search with q`,
  );
}

function jsonPath(column: "traits" | "computed", path: string[]): { json: RawBuilder<unknown> } {
  return { json: sql`(${sql.ref(`p.${column}`)} #> ${path}::text[])` };
}

type Target = { column: RawBuilder<unknown> } | { json: RawBuilder<unknown> };

function compare(
  name: string,
  target: Target,
  type: FieldType | "auto",
  filter: ProfileFilter,
): RawBuilder<unknown> {
  const { op, value } = filter;
  if (op === "exists") {
    const wanted = value !== "false";
    const present =
      "column" in target
        ? sql`${target.column} is not null`
        : sql`(${target.json} is not null and ${target.json} <> 'null'::jsonb)`;
    return wanted ? present : sql`not (${present})`;
  }
  const effective: FieldType =
    type === "auto"
      ? ["gt", "gte", "lt", "lte"].includes(op) && isNumeric(value)
        ? "number"
        : "text"
      : type;
  const expr = "column" in target ? target.column : jsonAs(target.json, effective);
  if (op === "in") {
    const values = value.split(",").map((v) => typed(name, v.trim(), effective));
    return sql`${expr} in (${sql.join(values.map((v) => cast(v, effective)))})`;
  }
  if (op === "contains") {
    if ("json" in target && type === "auto")
      return sql`(${target.json} @> ${JSON.stringify([value])}::jsonb or ${jsonAs(target.json, "text")} ilike ${`%${escapeLike(value)}%`})`;
    if (effective !== "text") throw new FilterError(name, "contains works on text and list fields");
    return sql`${expr} ilike ${`%${escapeLike(value)}%`}`;
  }
  const operand = cast(typed(name, value, effective), effective);
  switch (op) {
    case "eq":
      return sql`${expr} = ${operand}`;
    case "ne":
      return sql`${expr} is distinct from ${operand}`;
    case "gt":
      return sql`${expr} > ${operand}`;
    case "gte":
      return sql`${expr} >= ${operand}`;
    case "lt":
      return sql`${expr} < ${operand}`;
    default:
      return sql`${expr} <= ${operand}`;
  }
}

function jsonAs(node: RawBuilder<unknown>, type: FieldType): RawBuilder<unknown> {
  if (type === "number")
    return sql`(case when jsonb_typeof(${node}) = 'number' then (${node} #>> '{}')::double precision end)`;
  // Only the system writes time-valued computed traits, always as ISO 8601 text.
  if (type === "time") return sql`(${node} #>> '{}')::timestamptz`;
  return sql`(${node} #>> '{}')`;
}

function cast(value: string | number, type: FieldType): RawBuilder<unknown> {
  if (type === "number") return sql`${value}::double precision`;
  if (type === "time") return sql`${value}::timestamptz`;
  return sql`${value}::text`;
}

function typed(name: string, value: string, type: FieldType): string | number {
  if (type === "number") return number(name, value);
  if (type === "time") {
    const ms = new Date(value).getTime();
    if (value === "" || Number.isNaN(ms))
      throw new FilterError(name, `${JSON.stringify(value)} is not a date or time`);
    if (!isStorableTime(ms))
      throw new FilterError(name, `${JSON.stringify(value)} is not a time ${STORABLE_TIME_RANGE}`);
    return new Date(ms).toISOString();
  }
  return value;
}

function number(name: string, value: string): number {
  if (!isNumeric(value)) throw new FilterError(name, `${JSON.stringify(value)} is not a number`);
  return Number(value);
}

function isNumeric(value: string): boolean {
  return value.trim() !== "" && Number.isFinite(Number(value));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

/** age ≥ n ⇔ born on or before today − n years (ages are whole years). */
function ageCondition(name: string, filter: ProfileFilter, now: number): RawBuilder<unknown> {
  if (filter.op === "exists")
    return filter.value === "false" ? sql`p.birth_date is null` : sql`p.birth_date is not null`;
  const years = number(name, filter.value);
  if (!Number.isInteger(years)) throw new FilterError(name, "age is a whole number of years");
  const today = new Date(now);
  const day = `${String(today.getUTCMonth() + 1).padStart(2, "0")}-${String(today.getUTCDate()).padStart(2, "0")}`;
  const yearBorn = (n: number) => today.getUTCFullYear() - n;
  const date = (year: number) => `${String(year).padStart(4, "0")}-${day}`;
  // A birth date has a year 1–9999. A bound outside them compares against the range's end
  // instead, which selects the same people (all or none) and stays null for an unknown birth date.
  const atLeast = (n: number) => {
    const year = yearBorn(n);
    if (year < 1) return sql`p.birth_date < '0001-01-01'::date`;
    return year > 9999 ? sql`p.birth_date <= '9999-12-31'::date` : sql`p.birth_date <= ${date(year)}::date`;
  };
  const below = (n: number) => {
    const year = yearBorn(n);
    if (year < 1) return sql`p.birth_date >= '0001-01-01'::date`;
    return year > 9999 ? sql`p.birth_date > '9999-12-31'::date` : sql`p.birth_date > ${date(year)}::date`;
  };
  switch (filter.op) {
    case "gte":
      return atLeast(years);
    case "gt":
      return atLeast(years + 1);
    case "lt":
      return below(years);
    case "lte":
      return below(years + 1);
    case "eq":
      return sql`(${atLeast(years)} and ${below(years + 1)})`;
    case "ne":
      return sql`not (${atLeast(years)} and ${below(years + 1)})`;
    default:
      throw new FilterError(name, "age supports eq, ne, gt, gte, lt, lte and exists");
  }
}

/** A recency bound flips the comparison on the last-order time: fewer days = later time. */
function invert(op: FilterOperator): FilterOperator {
  const flipped: Partial<Record<FilterOperator, FilterOperator>> = {
    gt: "lt",
    gte: "lte",
    lt: "gt",
    lte: "gte",
  };
  return flipped[op] ?? op;
}

/** score = 1 + the number of quintile cut-offs the value exceeds; buyers only. */
function rfmCondition(
  name: string,
  filter: ProfileFilter,
  dimension: { key: keyof RfmCutoffs; value: RawBuilder<unknown> },
  rfm: RfmCutoffs | undefined,
): RawBuilder<unknown> {
  const score = number(name, filter.value);
  if (!Number.isInteger(score) || score < 1 || score > 5)
    throw new FilterError(name, "RFM scores are whole numbers 1–5");
  const cuts = rfm?.[dimension.key] ?? [];
  if (cuts.length !== 4) return sql`false`;
  const atLeast = (k: number) =>
    k <= 1 ? sql`true` : sql`${dimension.value} > ${cuts[k - 2]!}::double precision`;
  const atMost = (k: number) =>
    k >= 5 ? sql`true` : sql`${dimension.value} <= ${cuts[k - 1]!}::double precision`;
  const buyer = sql`p.order_count > 0`;
  switch (filter.op) {
    case "eq":
      return sql`(${buyer} and ${atLeast(score)} and ${atMost(score)})`;
    case "gte":
      return sql`(${buyer} and ${atLeast(score)})`;
    case "gt":
      return score >= 5 ? sql`false` : sql`(${buyer} and ${atLeast(score + 1)})`;
    case "lte":
      return sql`(${buyer} and ${atMost(score)})`;
    case "lt":
      return score <= 1 ? sql`false` : sql`(${buyer} and ${atMost(score - 1)})`;
    default:
      throw new FilterError(name, "RFM scores take eq, gt, gte, lt or lte");
  }
}
