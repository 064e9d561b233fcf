/** The product catalogue record: what up-sell and category analysis read. */
import { z } from "zod";

export const productSchema = z.object({
  id: z.union([z.string().min(1).max(200), z.number().finite()]).transform((v) => String(v)),
  name: z.string().min(1).max(500),
  /** Category path from the root, e.g. ["Clothing", "Jackets", "Winter jackets"]. */
  categoryPath: z.array(z.string().min(1).max(200)).max(10).default([]),
  price: z.number().finite().nonnegative().nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default("EUR"),
  brand: z.string().max(200).nullish(),
  tags: z.array(z.string().max(100)).max(50).default([]),
});

export type ProductInput = z.input<typeof productSchema>;
export type Product = z.infer<typeof productSchema>;
