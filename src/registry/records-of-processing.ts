/**
 * The record of processing activities (Art. 30 GDPR) derived from the declarations: one activity
 * per purpose, with the data categories that serve it, their legal bases and retention, the data
 * subjects, recipients, transfers to third countries and the security measures. Pure: the same
 * declarations give the same record.
 */
import { durationDays } from "./iso-duration.js";
import { SECURITY_MEASURES } from "./security-measures.js";
import type { FieldDeclaration, Recipient, SchemaRegistry, SourceDeclaration } from "./source-declaration.js";
import {
  type DataCategory,
  isSpecialCategory,
  type LegalBasis,
  PURPOSE_DESCRIPTIONS,
  PURPOSES,
  type Purpose,
} from "./vocabulary.js";

export interface CategoryUse {
  category: DataCategory;
  special: boolean;
  legalBases: LegalBasis[];
  /** ISO-8601 durations, longest first. */
  retention: string[];
  /** Field paths; event properties as `Order Completed: properties.order_id`. */
  fields: string[];
}

export interface ProcessingActivity {
  purpose: Purpose;
  description: string;
  legalBases: LegalBasis[];
  categories: CategoryUse[];
  dataSubjects: string[];
  recipients: string[];
  /** Recipients outside the EEA, with the safeguards named for them (Art. 30(1)(e), 46). */
  transfers: string[];
  /** Declarations the activity draws on (`default`: every source without its own). */
  sources: string[];
}

export interface RecordsOfProcessing {
  controllers: string[];
  activities: ProcessingActivity[];
  /** Special-category fields that are declared but refused at ingest: not processed. */
  refused: string[];
  securityMeasures: readonly string[];
}

/** Builds the record from every declaration in the registry. */
export function recordsOfProcessing(registry: SchemaRegistry): RecordsOfProcessing {
  const declarations = [...registry.declarations.values()].sort((a, b) => a.source.localeCompare(b.source));
  const activities = PURPOSES.map((purpose) => activityFor(purpose, declarations)).filter(
    (activity) => activity.categories.length > 0,
  );
  const refused = declarations.flatMap((d) =>
    d.fields.filter((f) => f.refused).map((f) => `${d.source}: ${fieldName(f)} (${f.category})`),
  );
  return {
    controllers: distinct(declarations.flatMap((d) => (d.controller === undefined ? [] : [d.controller]))),
    activities,
    refused,
    securityMeasures: SECURITY_MEASURES,
  };
}

function activityFor(purpose: Purpose, declarations: readonly SourceDeclaration[]): ProcessingActivity {
  const uses = new Map<
    DataCategory,
    { bases: Set<LegalBasis>; retention: Set<string>; fields: Set<string> }
  >();
  const sources: SourceDeclaration[] = [];
  for (const declaration of declarations) {
    let serves = false;
    for (const field of declaration.fields) {
      const basis = field.refused ? undefined : field.purposes.find((p) => p.purpose === purpose)?.legalBasis;
      if (basis === undefined) continue;
      serves = true;
      let use = uses.get(field.category);
      if (use === undefined) {
        use = { bases: new Set(), retention: new Set(), fields: new Set() };
        uses.set(field.category, use);
      }
      use.bases.add(basis);
      use.retention.add(field.retention);
      use.fields.add(fieldName(field));
    }
    if (serves) sources.push(declaration);
  }
  const categories: CategoryUse[] = [...uses].map(([category, use]) => ({
    category,
    special: isSpecialCategory(category),
    legalBases: [...use.bases].sort(),
    retention: [...use.retention].sort((a, b) => durationDays(b) - durationDays(a)),
    fields: [...use.fields].sort(),
  }));
  categories.sort((a, b) => a.category.localeCompare(b.category));
  const recipients = sources.flatMap((d) =>
    d.recipients.filter((r) => r.purposes?.includes(purpose) ?? true),
  );
  return {
    purpose,
    description: PURPOSE_DESCRIPTIONS[purpose],
    legalBases: distinct(categories.flatMap((c) => c.legalBases)),
    categories,
    dataSubjects: distinct(sources.flatMap((d) => d.dataSubjects)),
    recipients: distinct(recipients.map(recipientName)),
    transfers: distinct(recipients.filter(isThirdCountry).map(transferText)),
    sources: sources.map((d) => d.source),
  };
}

function fieldName(field: FieldDeclaration): string {
  return field.event === null ? field.path : `${field.event}: ${field.path}`;
}

function recipientName(recipient: Recipient): string {
  return recipient.country === undefined ? recipient.name : `${recipient.name} (${recipient.country})`;
}

/** EU member states, Iceland, Liechtenstein and Norway. */
const EEA = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(" "),
);

function isThirdCountry(recipient: Recipient): boolean {
  return recipient.country !== undefined && !EEA.has(recipient.country);
}

function transferText(recipient: Recipient): string {
  const safeguards = recipient.safeguards ?? "no safeguards declared";
  return `${recipient.name} (${recipient.country}): ${safeguards}`;
}

function distinct<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
