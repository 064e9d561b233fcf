/**
 * What a definition reads of a person, in the facets an ingest commit reports as changed
 * (profiles/profile-changes.ts): `trait.city` for `trait.city` or `trait.city.name`, `computed.x`
 * for a computed trait, `computed.consent` for consent, `identifier.email`, `event.<name>` for
 * event aggregates and both ends of a sequence. Segments it uses are listed apart: their
 * memberships change in the same pass. Time-relative conditions also change with the clock alone;
 * the scheduled refresh catches those, not this.
 */
import type { SegmentDefinition } from "./definition-schema.js";
import { conditionsOf } from "./targeting-use.js";

/** The facets a definition reads, and the segments it uses. */
export interface SegmentReads {
  readonly facets: ReadonlySet<string>;
  readonly segments: ReadonlySet<string>;
}

/**
 * @example
 * segmentReads(parseText('trait.address.city = "Bern" and consent("marketing.push")'))
 * // { facets: Set { "trait.address", "computed.consent" }, segments: Set {} }
 */
export function segmentReads(definition: SegmentDefinition): SegmentReads {
  const facets = new Set<string>();
  const segments = new Set<string>();
  for (const node of conditionsOf(definition)) {
    switch (node.kind) {
      case "trait": {
        const [root, field] = node.path.split(".");
        facets.add(`${root}.${field}`);
        break;
      }
      case "event":
        facets.add(`event.${node.event}`);
        break;
      case "sequence":
        facets.add(`event.${node.first.event}`);
        facets.add(`event.${node.followedBy.event}`);
        break;
      case "identifier":
        facets.add(`identifier.${node.identifierKind}`);
        break;
      case "segment":
        segments.add(node.name);
        break;
      case "consent":
        facets.add("computed.consent");
        break;
    }
  }
  return { facets, segments };
}
