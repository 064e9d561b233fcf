/**
 * Typed domain events: track events whose `event` name we know get their `properties` checked
 * against a schema. Names and fields follow Segment's e-commerce spec where it has one
 * (snake_case, `products[]` line items); the loyalty, survey, complaint, review, warranty, contest
 * and location events are ours. Unknown extra properties are kept (the schema registry of the
 * privacy context decides later what is stored).
 */
import { z } from "zod";
import { CONSENT_EVENTS, CONSENT_STATUSES, PURPOSES } from "./consent-signals.js";

/**
 * The largest amount a price or total may carry. Profiles add amounts up (revenue, average
 * order value): two totals near Number.MAX_VALUE would sum to Infinity, which no column stores.
 */
export const MAX_AMOUNT = 1e12;
const money = z
  .number()
  .finite()
  .min(-MAX_AMOUNT, "amounts are at most 1,000,000,000,000")
  .max(MAX_AMOUNT, "amounts are at most 1,000,000,000,000");
const nonNegativeMoney = money.nonnegative();
const currency = z.string().regex(/^[A-Z]{3}$/, "currency must be an ISO-4217 code such as EUR");
const idString = z.union([z.string().min(1), z.number().finite()]).transform((v) => String(v));

/** One line of an order (Segment's `products[]` item). */
export const lineItemSchema = z.looseObject({
  product_id: idString,
  sku: z.string().optional(),
  name: z.string().optional(),
  category: z.string().optional(),
  brand: z.string().optional(),
  variant: z.string().optional(),
  price: nonNegativeMoney,
  quantity: z.number().int().positive().default(1),
});

const orderSchema = z.looseObject({
  order_id: idString,
  store_id: z.string().optional(),
  channel: z.enum(["store", "online", "app", "phone", "marketplace"]).optional(),
  products: z.array(lineItemSchema).min(1, "an order needs at least one line item"),
  currency: currency.default("EUR"),
  total: nonNegativeMoney.optional(),
  revenue: nonNegativeMoney.optional(),
  shipping: nonNegativeMoney.optional(),
  tax: nonNegativeMoney.optional(),
  discount: nonNegativeMoney.optional(),
  coupon: z.string().optional(),
  payment_method: z.string().optional(),
  loyalty_card_id: z.string().optional(),
});

const orderReversalSchema = z.looseObject({
  order_id: idString,
  products: z.array(lineItemSchema).optional(),
  currency: currency.default("EUR"),
  total: nonNegativeMoney.optional(),
  reason: z.string().optional(),
});

const productSchema = z.looseObject({
  product_id: idString,
  name: z.string().optional(),
  category: z.string().optional(),
  brand: z.string().optional(),
  price: nonNegativeMoney.optional(),
  currency: currency.optional(),
});

const answer = z.union([z.string(), z.number().finite(), z.boolean(), z.array(z.string())]);

const surveySchema = z.looseObject({
  survey_id: idString,
  responses: z
    .array(z.looseObject({ question_id: idString, question: z.string().optional(), answer }))
    .optional(),
  nps: z.number().int().min(0).max(10).optional(),
  satisfaction: z.number().min(1).max(5).optional(),
  product_line: z.string().optional(),
});

const loyaltySchema = z.looseObject({
  card_id: idString,
  points: z.number().int().positive("points must be a positive integer"),
  reason: z.string().optional(),
  order_id: idString.optional(),
  balance: z.number().int().optional(),
});

const complaintSchema = z.looseObject({
  complaint_id: idString,
  category: z.string().optional(),
  order_id: idString.optional(),
  product_id: idString.optional(),
  description: z.string().max(10_000).optional(),
  status: z.enum(["open", "in_progress", "resolved", "rejected"]).default("open"),
});

const reviewSchema = z.looseObject({
  review_id: idString.optional(),
  product_id: idString,
  rating: z.number().min(1).max(5),
  title: z.string().optional(),
  body: z.string().max(10_000).optional(),
});

const warrantySchema = z.looseObject({
  product_id: idString,
  serial_number: z.string().min(1),
  purchase_date: z.iso.date("purchase_date must be a YYYY-MM-DD date"),
  store_id: z.string().optional(),
});

const contestSchema = z.looseObject({ contest_id: idString, answer: answer.optional() });

const locationSchema = z.looseObject({
  store_id: z.string().min(1).optional(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  city: z.string().optional(),
  radius_m: z.number().positive().optional(),
});

const consentUpdatedSchema = z.looseObject({
  purpose: z.enum(PURPOSES),
  status: z.enum(CONSENT_STATUSES),
  notice_id: z.string().max(200).optional(),
  notice_version: z.string().max(100).optional(),
  method: z
    .enum(["form", "preference_centre", "api", "double_opt_in", "unsubscribe_link", "import"])
    .optional(),
  proof: z.record(z.string(), z.unknown()).optional(),
});

const objectionSchema = z.looseObject({
  scope: z.enum([...PURPOSES, "direct_marketing"]),
  active: z.boolean().default(true),
  reason: z.string().max(2000).optional(),
});

const restrictionSchema = z.looseObject({
  active: z.boolean().default(true),
  reason: z.string().max(2000).optional(),
});

/** Event name → schema of its `properties`. The documented list lives in README.md. */
export const DOMAIN_EVENT_SCHEMAS = {
  "Order Completed": orderSchema,
  "Order Cancelled": orderReversalSchema,
  "Order Refunded": orderReversalSchema,
  "Product Viewed": productSchema,
  "Product Added": productSchema,
  "Products Searched": z.looseObject({ query: z.string().min(1, "query must not be empty") }),
  "Survey Answered": surveySchema,
  "Loyalty Points Earned": loyaltySchema,
  "Loyalty Points Redeemed": loyaltySchema,
  "Complaint Filed": complaintSchema,
  "Review Submitted": reviewSchema,
  "Warranty Registered": warrantySchema,
  "Contest Entered": contestSchema,
  "Location Entered": locationSchema,
  [CONSENT_EVENTS.updated]: consentUpdatedSchema,
  [CONSENT_EVENTS.objection]: objectionSchema,
  [CONSENT_EVENTS.restriction]: restrictionSchema,
} as const;

export type DomainEventName = keyof typeof DOMAIN_EVENT_SCHEMAS;
export type OrderProperties = z.infer<typeof orderSchema>;
export type LineItem = z.infer<typeof lineItemSchema>;

export function isDomainEventName(name: string): name is DomainEventName {
  return Object.hasOwn(DOMAIN_EVENT_SCHEMAS, name);
}
