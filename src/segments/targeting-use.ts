/**
 * What a segment definition refers to, in the terms of the sensitive-inference guard
 * (privacy/sensitivity.ts): the events it counts, the traits and properties it reads, the product
 * categories it names and the product tags it filters on. "Bought baby products twice in 90
 * days" names the category Baby and is refused without the data protection officer's approval.
 */
import type { Condition, Filter, SegmentDefinition } from "./definition-schema.js";
import type { Scalar } from "./predicate-schema.js";

const CATEGORY_KEYED = ["lastPurchaseByCategory"];

export interface SegmentReferences {
  events: string[];
  fields: string[];
  categories: string[];
  productTags: string[];
}

/** The conditions of a definition, depth first: and / or / not only combine what they read. */
export function conditionsOf(definition: SegmentDefinition): Condition[] {
  switch (definition.kind) {
    case "and":
    case "or":
      return definition.children.flatMap(conditionsOf);
    case "not":
      return conditionsOf(definition.child);
    default:
      return [definition];
  }
}

export function referencesOf(definition: SegmentDefinition): SegmentReferences {
  const found = {
    events: new Set<string>(),
    fields: new Set<string>(),
    categories: new Set<string>(),
    productTags: new Set<string>(),
  };
  const filters = (where: readonly Filter[] | undefined) => {
    for (const filter of where ?? []) {
      found.fields.add(`properties.${filter.path}`);
      const last = filter.path.split(".").at(-1);
      const target = last === "category" ? found.categories : last === "tags" ? found.productTags : undefined;
      if (target !== undefined) for (const value of valuesOf(filter)) target.add(String(value));
    }
  };
  const visit = (node: Condition): void => {
    switch (node.kind) {
      case "trait": {
        const [root, ...rest] = node.path.split(".");
        found.fields.add(`${root === "trait" ? "traits" : "computed"}.${rest.join(".")}`);
        // Computed traits keyed by category name the category itself (computed.lastPurchaseByCategory.Baby).
        if (root === "computed" && CATEGORY_KEYED.includes(rest.slice(0, -1).join(".")) && rest.length > 1)
          found.categories.add(rest.at(-1)!);
        if (root === "computed" && rest[0] === "predicted" && rest[1] === "timing" && rest[2] !== undefined)
          found.categories.add(rest[2]);
        return;
      }
      case "event":
        found.events.add(node.event);
        filters(node.where);
        if (node.aggregate !== "exists" && node.aggregate !== "count")
          found.fields.add(`properties.${node.property}`);
        return;
      case "sequence":
        found.events.add(node.first.event);
        found.events.add(node.followedBy.event);
        filters(node.first.where);
        filters(node.followedBy.where);
        return;
      default:
        return;
    }
  };
  conditionsOf(definition).forEach(visit);
  return {
    events: [...found.events],
    fields: [...found.fields],
    categories: [...found.categories],
    productTags: [...found.productTags],
  };
}

function valuesOf(filter: Filter): Scalar[] {
  if ("value" in filter) return [filter.value];
  if ("values" in filter) return [...filter.values];
  return [];
}

/** The names of the other segments a definition uses (`in_segment`). */
export function segmentsUsedBy(definition: SegmentDefinition): string[] {
  return [...new Set(conditionsOf(definition).flatMap((c) => (c.kind === "segment" ? [c.name] : [])))];
}
