/**
 * The JSON format of one declaration file, as a zod schema. A field is written in full or, where
 * its category's defaults say the rest, as just the category:
 *
 * ```json
 * {
 *   "policy": "strip",
 *   "categories": { "contact": { "purposes": ["service"], "legalBasis": "contract", "retention": "P3Y" } },
 *   "fields": {
 *     "traits.email": { "category": "contact", "purposes": { "service": "contract", "marketing.email": "consent" } },
 *     "traits.firstName": "contact"
 *   },
 *   "events": { "Order Completed": { "properties": { "order_id": "behaviour.purchase" } } }
 * }
 * ```
 */
import { z } from "zod";
import { isIsoDuration } from "./iso-duration.js";
import { DATA_CATEGORIES, LEGAL_BASES, POLICIES, PURPOSES, SENSITIVITIES } from "./vocabulary.js";

const purpose = z.enum(PURPOSES);
const legalBasis = z.enum(LEGAL_BASES);

/** Purpose → legal basis; keys checked by hand so that the message can list the purposes. */
const purposeMap = z.record(z.string(), legalBasis).superRefine((map, ctx) => {
  const keys = Object.keys(map);
  if (keys.length === 0) ctx.addIssue({ code: "custom", message: "name at least one purpose" });
  for (const key of keys) {
    if (!(PURPOSES as readonly string[]).includes(key))
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `not a purpose; purposes are ${PURPOSES.join(", ")}`,
      });
  }
});

/** A list of purposes (with one `legalBasis` for all) or purpose → legal basis. */
const purposes = z.union([z.array(purpose).min(1, "name at least one purpose"), purposeMap]);

const retention = z
  .string()
  .refine(isIsoDuration, "retention must be an ISO-8601 duration such as P3Y, P18M or P90D");

const terms = {
  purposes: purposes.optional(),
  legalBasis: legalBasis.optional(),
  retention: retention.optional(),
  sensitivity: z.enum(SENSITIVITIES).optional(),
};

const categoryDefaults = z.strictObject(terms);

const fieldObject = z.strictObject({
  category: z.enum(DATA_CATEGORIES),
  description: z.string().max(2_000).optional(),
  ...terms,
});

/** `"contact"` is short for `{ "category": "contact" }`. */
const field = z.preprocess((value) => (typeof value === "string" ? { category: value } : value), fieldObject);

const event = z.strictObject({
  description: z.string().max(2_000).optional(),
  /** Paths below `properties`, e.g. `products[].price`. */
  properties: z.record(z.string(), field).default({}),
});

const recipientObject = z.strictObject({
  name: z.string().min(1).max(500),
  /** Purposes the recipient receives data for; all of the source's purposes when left out. */
  purposes: z.array(purpose).min(1).optional(),
  /** ISO 3166 alpha-2; outside the EEA the record lists it as a transfer (Art. 30(1)(e)). */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "country must be an ISO 3166 alpha-2 code such as DE or US")
    .optional(),
  safeguards: z.string().max(500).optional(),
});
const recipient = z.preprocess(
  (value) => (typeof value === "string" ? { name: value } : value),
  recipientObject,
);

export const declarationFileSchema = z.strictObject({
  /** For editors that validate against a JSON Schema; ignored. */
  $schema: z.string().optional(),
  description: z.string().max(2_000).optional(),
  /** Name and contact details of the controller and its data protection officer (Art. 30(1)(a)). */
  controller: z.string().max(2_000).optional(),
  policy: z.enum(POLICIES),
  dataSubjects: z.array(z.string().min(1).max(200)).default([]),
  recipients: z.array(recipient).default([]),
  categories: z.partialRecord(z.enum(DATA_CATEGORIES), categoryDefaults).default({}),
  fields: z.record(z.string(), field).default({}),
  events: z.record(z.string().min(1).max(200), event).default({}),
});

export type DeclarationFile = z.infer<typeof declarationFileSchema>;
export type FieldEntry = z.infer<typeof fieldObject>;
export type CategoryDefaults = z.infer<typeof categoryDefaults>;
