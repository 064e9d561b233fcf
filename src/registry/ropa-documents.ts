/**
 * The record of processing as documents: Markdown for reading and filing, CSV (RFC 4180) for a
 * spreadsheet. CSV rows carry a `section`: `controller`, one `processing` row per purpose and data
 * category, `refused` and `security_measure`.
 */
import { csvDocument } from "./csv-text.js";
import { describeDuration } from "./iso-duration.js";
import type { ProcessingActivity, RecordsOfProcessing } from "./records-of-processing.js";
import { LEGAL_BASIS_ARTICLES, type LegalBasis } from "./vocabulary.js";

export function ropaMarkdown(record: RecordsOfProcessing): string {
  const lines = [
    "# Record of processing activities (Art. 30 GDPR)",
    "",
    "## Controller",
    "",
    ...(record.controllers.length === 0
      ? ["_No controller declared: add `controller` to the declarations._"]
      : record.controllers.map((c) => `- ${c}`)),
    "",
  ];
  for (const activity of record.activities) lines.push(...activitySection(activity));
  if (record.refused.length > 0) {
    lines.push("## Refused at collection", "");
    lines.push(
      "Special-category fields declared without explicit consent; messages carrying them are refused.",
    );
    lines.push("", ...record.refused.map((r) => `- ${r}`), "");
  }
  lines.push("## Technical and organisational security measures (Art. 32)", "");
  lines.push(...record.securityMeasures.map((m) => `- ${m}`), "");
  return lines.join("\n");
}

function activitySection(activity: ProcessingActivity): string[] {
  const list = (values: readonly string[], none: string) => (values.length === 0 ? none : values.join("; "));
  return [
    `## Purpose: ${activity.purpose}`,
    "",
    activity.description,
    "",
    `- **Legal basis:** ${activity.legalBases.map(withArticle).join("; ")}`,
    `- **Data subjects:** ${list(activity.dataSubjects, "not declared")}`,
    `- **Recipients:** ${list(activity.recipients, "none declared")}`,
    `- **Transfers to third countries:** ${list(activity.transfers, "none")}`,
    `- **Declarations:** ${activity.sources.join(", ")}`,
    "",
    "| data category | legal basis | retention | fields |",
    "| --- | --- | --- | --- |",
    ...activity.categories.map((c) =>
      tableRow([
        `${c.category}${c.special ? " (Art. 9)" : ""}`,
        c.legalBases.map(withArticle).join("; "),
        c.retention.map(describeDuration).join("; "),
        compactFields(c.fields),
      ]),
    ),
    "",
  ];
}

/** `traits.email; Order Completed: order_id, total` — event properties grouped under their event. */
function compactFields(fields: readonly string[]): string {
  const plain: string[] = [];
  const byEvent = new Map<string, string[]>();
  for (const field of fields) {
    const match = /^(.+): properties\.(.+)$/.exec(field);
    if (match === null) plain.push(`\`${field}\``);
    else byEvent.set(match[1]!, [...(byEvent.get(match[1]!) ?? []), `\`${match[2]}\``]);
  }
  const groups = [...byEvent].map(([event, names]) => `${event}: ${names.join(", ")}`);
  return (plain.length === 0 ? groups : [plain.join(", "), ...groups]).join("; ");
}

/** A Markdown table row; a `|` inside a cell would end the cell. */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
}

function withArticle(basis: LegalBasis): string {
  return `${basis} (${LEGAL_BASIS_ARTICLES[basis]})`;
}

const CSV_HEADER = [
  "section",
  "purpose",
  "description",
  "data_category",
  "special_category",
  "legal_basis",
  "retention",
  "fields",
  "data_subjects",
  "recipients",
  "third_country_transfers",
  "sources",
] as const;

export function ropaCsv(record: RecordsOfProcessing): string {
  const row = (values: Partial<Record<(typeof CSV_HEADER)[number], string>>) =>
    CSV_HEADER.map((column) => values[column] ?? "");
  const rows = [
    ...record.controllers.map((description) => row({ section: "controller", description })),
    ...record.activities.flatMap((a) =>
      a.categories.map((c) =>
        row({
          section: "processing",
          purpose: a.purpose,
          description: a.description,
          data_category: c.category,
          special_category: c.special ? "yes" : "no",
          legal_basis: c.legalBases.map(withArticle).join("; "),
          retention: c.retention.join("; "),
          fields: c.fields.join("; "),
          data_subjects: a.dataSubjects.join("; "),
          recipients: a.recipients.join("; "),
          third_country_transfers: a.transfers.join("; "),
          sources: a.sources.join("; "),
        }),
      ),
    ),
    ...record.refused.map((description) => row({ section: "refused", description })),
    ...record.securityMeasures.map((description) => row({ section: "security_measure", description })),
  ];
  return csvDocument(CSV_HEADER, rows);
}
