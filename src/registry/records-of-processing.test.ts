import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvDocument } from "./csv-text.js";
import { recordsOfProcessing } from "./records-of-processing.js";
import { registryOf, TEST_CATEGORIES } from "./registry.test-helpers.js";
import { ropaCsv, ropaMarkdown } from "./ropa-documents.js";
import { SECURITY_MEASURES } from "./security-measures.js";

const registry = registryOf({
  default: {
    policy: "keep",
    controller: 'Muster GmbH, "Haus am See", 10115 Berlin; DPO: datenschutz@muster.example',
    dataSubjects: ["customers"],
    recipients: [{ name: "Hosting AG", country: "DE" }],
    categories: TEST_CATEGORIES,
    fields: { "traits.email": "contact", userId: "identifier" },
  },
  web: {
    policy: "strip",
    dataSubjects: ["web shop visitors", "customers"],
    recipients: [
      { name: "Mail, Inc.", purposes: ["marketing.email"], country: "US", safeguards: "SCC 2021/914" },
      "Analytics GmbH",
    ],
    categories: TEST_CATEGORIES,
    fields: {
      "traits.email": "contact",
      "properties.url": "behaviour.web",
      "traits.faith": {
        category: "religion",
        purposes: ["personalisation"],
        legalBasis: "consent",
        retention: "P1Y",
      },
    },
    events: { "Order Completed": { properties: { order_id: "behaviour.purchase" } } },
  },
});

describe("record of processing activities", () => {
  const record = recordsOfProcessing(registry);
  const activity = (purpose: string) => record.activities.find((a) => a.purpose === purpose);

  it("has one activity per purpose that some declared field serves, in the vocabulary's order", () => {
    expect(record.activities.map((a) => a.purpose)).toEqual(["service", "analytics", "marketing.email"]);
  });

  it("states categories with legal basis, retention (longest first) and fields for each purpose", () => {
    expect(activity("marketing.email")).toEqual({
      purpose: "marketing.email",
      description: "direct marketing by e-mail (newsletters, offers, surveys)",
      legalBases: ["consent"],
      categories: [
        {
          category: "contact",
          special: false,
          legalBases: ["consent"],
          retention: ["P3Y"],
          fields: ["traits.email"],
        },
      ],
      dataSubjects: ["customers", "web shop visitors"],
      recipients: ["Analytics GmbH", "Hosting AG (DE)", "Mail, Inc. (US)"],
      transfers: ["Mail, Inc. (US): SCC 2021/914"],
      sources: ["default", "web"],
    });
    expect(activity("analytics")?.categories).toEqual([
      {
        category: "behaviour.purchase",
        special: false,
        legalBases: ["contract"],
        retention: ["P10Y"],
        fields: ["Order Completed: properties.order_id"],
      },
      {
        category: "behaviour.web",
        special: false,
        legalBases: ["consent"],
        retention: ["P90D"],
        fields: ["properties.url"],
      },
    ]);
  });

  it("leaves refused special-category fields out of the activities and lists them apart", () => {
    expect(activity("personalisation")).toBeUndefined();
    expect(record.refused).toEqual(["web: traits.faith (religion)"]);
  });

  it("renders Markdown with articles, spelled-out retention and the security measures", () => {
    const md = ropaMarkdown(record);
    expect(md).toContain("# Record of processing activities (Art. 30 GDPR)");
    expect(md).toContain("## Purpose: marketing.email");
    expect(md).toContain("- **Legal basis:** consent (Art. 6(1)(a))");
    expect(md).toContain("- **Transfers to third countries:** Mail, Inc. (US): SCC 2021/914");
    expect(md).toContain(
      "| behaviour.purchase | contract (Art. 6(1)(b)) | 10 years | Order Completed: `order_id` |",
    );
    expect(md).toContain("- web: traits.faith (religion)");
    expect(md).toContain("## Technical and organisational security measures (Art. 32)");
    for (const measure of SECURITY_MEASURES) expect(md).toContain(`- ${measure}`);
  });

  it("renders CSV that a CSV reader gets back cell for cell", () => {
    const csv = ropaCsv(record);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows[0]).toMatchObject({ section: "controller", description: record.controllers[0] });
    const processing = rows.filter((r) => r.section === "processing");
    expect(processing).toHaveLength(record.activities.reduce((n, a) => n + a.categories.length, 0));
    expect(processing.find((r) => r.purpose === "marketing.email")).toMatchObject({
      data_category: "contact",
      special_category: "no",
      legal_basis: "consent (Art. 6(1)(a))",
      retention: "P3Y",
      recipients: "Analytics GmbH; Hosting AG (DE); Mail, Inc. (US)",
      third_country_transfers: "Mail, Inc. (US): SCC 2021/914",
    });
    expect(rows.filter((r) => r.section === "security_measure").map((r) => r.description)).toEqual([
      ...SECURITY_MEASURES,
    ]);
    expect(rows.filter((r) => r.section === "refused").map((r) => r.description)).toEqual(record.refused);
  });
});

describe("csvDocument (RFC 4180)", () => {
  it("quotes fields with commas, quotes and line breaks, doubles quotes, ends lines in CRLF", () => {
    expect(csvDocument(["a", "b"], [["plain", 'say "hi", then\nleave']])).toBe(
      'a,b\r\nplain,"say ""hi"", then\nleave"\r\n',
    );
  });
});
