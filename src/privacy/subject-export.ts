/**
 * The access and portability export (Art. 15, 20): everything held about a person, as JSON and as
 * CSV. Art. 15(1) asks for more than the data: the purposes, the legal basis, the recipients and
 * how long it is kept, so the export carries the processing record next to the data.
 */
import { stringify } from "csv-stringify/sync";
import type { ConsentRecordEntry, ConsentView, ProfileView } from "../profiles/index.js";
import type { Purpose } from "../protocol/index.js";
import type { Decision } from "./decide.js";

/** How one purpose is processed, as the schema registry declares it (the record of processing). */
export interface ProcessingRecord {
  purpose: Purpose;
  description: string;
  legalBases: string[];
  /** The data categories used for it and how long each is kept (ISO-8601, longest first). */
  categories: { category: string; retention: string[] }[];
  recipients: string[];
  /** Recipients outside the EEA, with their safeguards. */
  transfers: string[];
}

export interface ExportedEvent {
  at: string;
  type: string;
  event: string | null;
  source: string;
  messageId: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface SubjectExport {
  format: "kundenprofil.subject-export/v1";
  generatedAt: string;
  requestId: string;
  subject: { id: string };
  profile: Pick<ProfileView, "identifiers" | "traits" | "traitSources" | "demographics" | "computed">;
  events: ExportedEvent[];
  consent: { current: ConsentView; decisions: Record<Purpose, Decision>; record: ConsentRecordEntry[] };
  processing: ProcessingRecord[];
  requests: { id: string; kind: string; status: string; receivedAt: string; completedAt: string | null }[];
}

const COLUMNS = ["section", "name", "value", "at", "source", "detail"];

/** One row per fact, so a spreadsheet shows it all; nested values are written as JSON. */
export function exportToCsv(data: SubjectExport): string {
  const rows: unknown[][] = [];
  const json = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
  rows.push(["subject", "id", data.subject.id, data.generatedAt, "", `request ${data.requestId}`]);
  for (const id of data.profile.identifiers)
    rows.push(["identifier", id.kind, id.value, id.firstSeen, id.source, ""]);
  for (const [name, value] of Object.entries(data.profile.traits)) {
    const provenance = data.profile.traitSources[name] as { source?: string; at?: string } | undefined;
    rows.push(["trait", name, json(value), provenance?.at ?? "", provenance?.source ?? "", ""]);
  }
  for (const [name, value] of Object.entries(data.profile.demographics))
    if (value !== null) rows.push(["demographic", name, json(value), "", "", ""]);
  for (const [name, value] of Object.entries(data.profile.computed))
    if (name !== "consent") rows.push(["computed", name, json(value), "", "", ""]);
  for (const [purpose, decision] of Object.entries(data.consent.decisions)) {
    const stated = data.consent.current.purposes[purpose as Purpose];
    rows.push([
      "consent",
      purpose,
      stated?.status ?? "unknown",
      stated?.at ?? "",
      stated?.source ?? "",
      decision.reason,
    ]);
  }
  for (const entry of data.consent.record)
    rows.push([
      "consent_record",
      entry.purpose ?? entry.kind,
      entry.status,
      entry.at,
      entry.source,
      json({ method: entry.method, noticeId: entry.noticeId, proof: entry.proof }),
    ]);
  for (const p of data.processing)
    rows.push([
      "processing",
      p.purpose,
      p.legalBases.join(" "),
      "",
      "",
      json({ categories: p.categories, recipients: p.recipients, transfers: p.transfers }),
    ]);
  for (const e of data.events)
    rows.push([
      "event",
      e.event ?? e.type,
      json({ properties: e.properties, traits: e.traits, context: e.context }),
      e.at,
      e.source,
      e.messageId,
    ]);
  for (const r of data.requests) rows.push(["request", r.kind, r.status, r.receivedAt, "", r.id]);
  return stringify(rows, { header: true, columns: COLUMNS });
}
