/**
 * The one normalisation of a definition: an and/or group with a single member is replaced by
 * that member (they mean the same). The text form has no way to write a one-member group, so
 * without this, `parse(print(tree))` could not give `tree` back for every valid tree. Nested
 * groups of the same kind (`(a and b) and c`) are kept: the text form writes them with parentheses.
 */
import type { SegmentDefinition } from "./definition-schema.js";

export function normaliseDefinition(node: SegmentDefinition): SegmentDefinition {
  switch (node.kind) {
    case "and":
    case "or": {
      const children = node.children.map(normaliseDefinition);
      const [only] = children;
      return children.length === 1 && only !== undefined ? only : { kind: node.kind, children };
    }
    case "not":
      return { kind: "not", child: normaliseDefinition(node.child) };
    default:
      return node;
  }
}
