/** Public surface of the catalogue. */
export { getProduct, listProducts, type ProductFilter, upsertProducts } from "./products.js";
