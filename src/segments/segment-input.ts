/**
 * A segment as a user sends it: a name, and the definition as the JSON tree or the text form
 * (either one). Parsed and validated here, with the other segments it uses checked to exist and
 * not to lead back to itself.
 */
import { looksLikeContactData } from "../audit/index.js";
import { isContactTrait } from "../crypto/index.js";
import type { SegmentDefinition } from "./definition-schema.js";
import { parseSegmentText } from "./parse-text.js";
import { printSegmentText } from "./print-text.js";
import { SegmentError } from "./segment-error.js";
import { formatIssue } from "./segment-issue.js";
import { conditionsOf, segmentsUsedBy } from "./targeting-use.js";
import { validateSegmentJson } from "./validate-definition.js";

export interface SegmentInput {
  name: string;
  description?: string | undefined;
  /** The JSON tree (docs/segment-language.md) … */
  definition?: unknown;
  /** … or the text form, e.g. `count(Order Completed, last 90d) >= 2 and trait.city = "Bern"`. */
  text?: string | undefined;
}

/** Names are shown and passed as parameters only, so anything printable goes; no control characters. */
const NAME = /^[\p{L}\p{N}][^\p{Cc}\p{Cf}]{0,99}$/u;

export function checkName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed))
    throw new SegmentError(
      "invalid_segment",
      `segment name ${JSON.stringify(name)}: 1–100 printable characters, starting with a letter or digit`,
    );
  if (looksLikeContactData(trimmed))
    throw new SegmentError(
      "invalid_segment",
      "a segment name must not be an e-mail address or phone number: names are kept in the audit log, which holds pseudonyms only",
    );
  return trimmed;
}

/** The validated definition and its canonical text form. */
export function parseDefinition(input: { definition?: unknown; text?: string | undefined }): {
  definition: SegmentDefinition;
  text: string;
} {
  if ((input.definition === undefined) === (input.text === undefined))
    throw new SegmentError(
      "invalid_segment",
      "send the definition either as `definition` (JSON) or as `text`, not both",
    );
  const result =
    input.text !== undefined ? parseSegmentText(input.text) : validateSegmentJson(input.definition);
  if (!result.ok)
    throw new SegmentError(
      "invalid_segment_definition",
      result.issues.map(formatIssue).join("; "),
      result.issues,
    );
  const contact = contactTraitsIn(result.definition);
  if (contact.length > 0)
    throw new SegmentError(
      "invalid_segment",
      `${contact.join(", ")}: contact data (names, e-mail, phone, street) cannot select a segment; segments select by behaviour, attributes and consent, and has_identifier("email") says whether an address is known`,
    );
  return { definition: result.definition, text: printSegmentText(result.definition) };
}

function contactTraitsIn(definition: SegmentDefinition): string[] {
  return conditionsOf(definition).flatMap((node) =>
    node.kind === "trait" &&
    node.path.startsWith("trait.") &&
    isContactTrait(node.path.slice("trait.".length))
      ? [node.path]
      : [],
  );
}

/**
 * Refuses a definition that uses an unknown segment or, through the segments it uses, itself.
 * `usesOf(name)` gives the segments a stored segment uses.
 */
export function checkReferences(
  name: string,
  definition: SegmentDefinition,
  usesOf: (name: string) => readonly string[] | undefined,
): void {
  const seen = new Set<string>();
  const visit = (current: string, uses: readonly string[], path: string[]) => {
    for (const used of uses) {
      if (used === name)
        throw new SegmentError(
          "invalid_segment",
          `segment ${[...path, used].map((n) => JSON.stringify(n)).join(" → ")} would use itself`,
        );
      if (seen.has(used)) continue;
      seen.add(used);
      const next = usesOf(used);
      if (next === undefined)
        throw new SegmentError(
          "invalid_segment",
          `${JSON.stringify(current)} uses segment ${JSON.stringify(used)}, which does not exist`,
        );
      visit(used, next, [...path, used]);
    }
  };
  visit(name, segmentsUsedBy(definition), [name]);
}
