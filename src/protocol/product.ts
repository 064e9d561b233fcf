/** The product catalogue record: what up-sell and category analysis read. */
import { z } from "zod";
import { isBadString } from "./json-safety.js";

/** Text PostgreSQL can store: no NUL byte, no lone surrogate. */
const text = () =>
  z.string().refine((value) => !isBadString(value), "contains a NUL byte or a lone surrogate");

export const productSchema = z.object({
  id: z.union([text().min(1).max(200), z.number().finite()]).transform((v) => String(v)),
  name: text().min(1).max(500),
  /** Category path from the root, e.g. ["Clothing", "Jackets", "Winter jackets"]. */
  categoryPath: z.array(text().min(1).max(200)).max(10).default([]),
  // The catalogue stores prices as numeric(14, 2).
  price: z
    .number()
    .finite()
    .nonnegative()
    .max(999_999_999_999.99, "price must be below 1,000,000,000,000")
    .nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default("EUR"),
  brand: text().max(200).nullish(),
  tags: z.array(text().max(100)).max(50).default([]),
});

export type ProductInput = z.input<typeof productSchema>;
export type Product = z.infer<typeof productSchema>;
