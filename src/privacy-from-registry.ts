/**
 * What the privacy context takes from the schema registry: the record of processing an access
 * export carries (Art. 15(1)), and the Art. 9 fields and events the sensitive-inference guard
 * refuses to target on. Kept here, with the rest of the wiring, so the privacy context works from
 * plain records rather than from the registry's declarations.
 */
import {
  DEFAULT_SENSITIVITY_POLICY,
  type ProcessingRecord,
  type SensitiveTag,
  type SensitivityPolicy,
  SPECIAL_CATEGORY_TAGS,
} from "./privacy/index.js";
import { isSpecialCategory, recordsOfProcessing, type SchemaRegistry } from "./registry/index.js";

export function processingRecordsOf(schemas: SchemaRegistry): ProcessingRecord[] {
  return recordsOfProcessing(schemas).activities.map((a) => ({
    purpose: a.purpose,
    description: a.description,
    legalBases: a.legalBases,
    categories: a.categories.map((c) => ({ category: c.category, retention: c.retention })),
    recipients: a.recipients,
    transfers: a.transfers,
  }));
}

/**
 * The guard's built-in sensitive categories, plus every field the declarations put in an Art. 9
 * category and every event that carries one.
 */
export function sensitivityPolicyOf(schemas: SchemaRegistry): SensitivityPolicy {
  const fields: Record<string, SensitiveTag[]> = {};
  const events: Record<string, SensitiveTag[]> = {};
  for (const declaration of schemas.declarations.values())
    for (const field of declaration.fields) {
      const tag = isSpecialCategory(field.category) ? SPECIAL_CATEGORY_TAGS[field.category] : undefined;
      if (tag === undefined) continue;
      fields[field.path] = [tag];
      // An event that carries special-category data says it by happening: counting it infers it.
      if (field.event !== null) events[field.event] = [...new Set([...(events[field.event] ?? []), tag])];
    }
  return { ...DEFAULT_SENSITIVITY_POLICY, fields, events };
}
