/** Contacts import: Outlook CSV (German and English), vCard 2.1/3.0/4.0, generic CSV. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMessage } from "../protocol/index.js";
import { collectRows } from "./collect-rows.js";
import { type ImportRow, openImport } from "./index.js";

const fixture = (name: string) => join(import.meta.dirname, "../../test/fixtures/import", name);
const email = (id: string) => ({ id, type: "email", collection: "users", encoding: "none" });
const phone = (id: string) => ({ id, type: "phone", collection: "users", encoding: "none" });
/** sha256("juergen.mueller@example.de"), checked with sha256sum. */
const JUERGEN = "contact-f979c5705d1b780c30fd2315";

const messageAt = (rows: ImportRow[], line: number) => {
  const row = rows.find((candidate) => candidate.kind === "message" && candidate.line === line);
  return row?.kind === "message" ? row.message : undefined;
};

describe("contacts: German Outlook CSV (';', Windows-1252, CRLF)", () => {
  let rows: ImportRow[];
  beforeAll(async () => {
    rows = await collectRows(await openImport(fixture("outlook-contacts-de.csv"), "contacts"));
  });

  it("decodes Windows-1252 and maps the German headers to snake_case traits", () => {
    expect(rows[0]).toEqual({
      kind: "message",
      line: 2,
      message: {
        type: "identify",
        messageId: "import-contact-546250778c96049160f2ce80-a729b439",
        anonymousId: JUERGEN,
        traits: {
          first_name: "Jürgen",
          last_name: "Müller",
          email: "juergen.mueller@example.de",
          phone: "+49 171 2345678",
          birthday: "1985-03-17",
          city: "Köln",
          postal_code: "50667",
          country: "Deutschland",
          company: "Bäckerei Müller GmbH",
        },
        context: { externalIds: [email("juergen.mueller@example.de"), phone("+491712345678")] },
      },
    });
  });

  it("keys a contact without e-mail on its phone digits and ignores Outlook's empty date 0.0.00", () => {
    expect(messageAt(rows, 3)).toMatchObject({
      anonymousId: "contact-ed9a727b1f0ef50190aeebe1",
      traits: { first_name: "Anna", last_name: "Schröder", phone: "0151 98765432", city: "München" },
    });
    expect(messageAt(rows, 3)?.traits).not.toHaveProperty("birthday");
  });

  it("reports rows without identifier and dropped fields with their line numbers", () => {
    expect(rows.filter((row) => row.kind === "error")).toEqual([
      // The note of line 4 holds a line break, so the next contact starts on line 6.
      { kind: "error", line: 4, code: "no_identifier", error: "contact has no e-mail, phone or customer id" },
      { kind: "error", line: 7, code: "invalid_email", error: '"keine-mail" is not an e-mail address' },
    ]);
    expect(messageAt(rows, 6)).toMatchObject({
      traits: { first_name: "Zoë", last_name: "Åberg", birthday: "1990-12-31" },
    });
    expect(messageAt(rows, 7)).toMatchObject({ traits: { first_name: "Sören", phone: "+43 316 123456" } });
    expect(rows.filter((row) => row.kind === "message")).toHaveLength(4);
  });

  it("is deterministic and valid for parseMessage", async () => {
    const again = await collectRows(await openImport(fixture("outlook-contacts-de.csv"), "contacts"));
    expect(again).toEqual(rows);
    for (const row of rows)
      if (row.kind === "message") expect(parseMessage(row.message)).toMatchObject({ ok: true });
  });
});

describe("contacts: vCard 2.1 / 3.0 / 4.0", () => {
  let rows: ImportRow[];
  beforeAll(async () => {
    rows = await collectRows(await openImport(fixture("contacts.vcf"), "contacts"));
  });

  it("decodes quoted-printable with CHARSET and soft line breaks (2.1)", () => {
    expect(rows[0]).toEqual({
      kind: "message",
      line: 1,
      message: {
        type: "identify",
        messageId: "import-contact-546250778c96049160f2ce80-ed543b10",
        // Same person as in the Outlook export: the same anonymousId.
        anonymousId: JUERGEN,
        traits: {
          first_name: "Jürgen",
          last_name: "Müller",
          name: "Jürgen Müller",
          email: "juergen.mueller@example.de",
          phone: "+49 171 2345678",
          city: "Köln",
          postal_code: "50667",
          country: "Deutschland",
        },
        context: { externalIds: [email("juergen.mueller@example.de"), phone("+491712345678")] },
      },
    });
  });

  it("unfolds lines, unescapes values and prefers PREF e-mail (3.0)", () => {
    expect(messageAt(rows, 13)).toMatchObject({
      traits: {
        first_name: "Amélie",
        last_name: "Dubois",
        name: "Amélie Dubois",
        email: "a.dubois@cafe.example.fr",
        phone: "+33 6 12 34 56 78",
        birthday: "1990-07-04",
        city: "Paris",
        postal_code: "75006",
        country: "France",
        company: "Café de Flore, Paris",
      },
    });
  });

  it("reads 4.0 groups, quoted TYPE lists and tel: URIs; a birthday without year is reported", () => {
    expect(messageAt(rows, 29)).toMatchObject({
      traits: {
        email: "kenji@example.jp",
        phone: "+81-90-1234-5678",
        city: "Tokyo",
        postal_code: "150-0002",
      },
      context: { externalIds: [email("kenji@example.jp"), phone("+819012345678")] },
    });
    expect(rows.filter((row) => row.kind === "error")).toEqual([
      {
        kind: "error",
        line: 29,
        code: "invalid_birthday",
        error: 'birthday "--0412" is not a date with a year',
      },
      {
        kind: "error",
        line: 38,
        code: "no_identifier",
        error: "contact has no e-mail, phone or customer id",
      },
      {
        kind: "error",
        line: 43,
        code: "invalid_vcard",
        error: "the vCard starting at line 43 has no END:VCARD",
      },
    ]);
  });

  it("refuses vCard files for other import types", async () => {
    await expect(openImport(fixture("contacts.vcf"), "orders")).rejects.toMatchObject({
      code: "unsupported_format",
    });
  });
});

describe("contacts: generic CSV", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "kundenprofil-contacts-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the customer id as userId and adds the loyalty card as an external id", async () => {
    const path = join(dir, "crm.csv");
    await writeFile(
      path,
      "customer_id,card_id,first_name,email,birth_date,updated_at\nK-1,LC-9,Ida,IDA@example.com,1970-01-02,2024-05-01 12:00\n",
    );
    const rows = await collectRows(await openImport(path, "contacts"));
    expect(rows).toEqual([
      {
        kind: "message",
        line: 2,
        message: {
          type: "identify",
          messageId: expect.stringMatching(/^import-contact-[0-9a-f]{24}-[0-9a-f]{8}$/),
          userId: "K-1",
          timestamp: "2024-05-01T12:00:00.000Z",
          traits: { first_name: "Ida", email: "ida@example.com", birthday: "1970-01-02" },
          context: {
            externalIds: [
              email("ida@example.com"),
              { id: "LC-9", type: "loyalty_card_id", collection: "users", encoding: "none" },
            ],
          },
        },
      },
    ]);
  });

  it("maps English Outlook headers, falling back from mobile to business phone", async () => {
    const path = join(dir, "outlook-en.csv");
    const header =
      '"First Name","Last Name","E-mail Address","Mobile Phone","Business Phone","Birthday","Home City","Home Postal Code","Home Country/Region"';
    await writeFile(
      path,
      `${header}\r\n"Mary","Major","","","+44 20 7946 0000","3/17/1985","London","SW1A 1AA","United Kingdom"\r\n`,
    );
    const rows = await collectRows(await openImport(path, "contacts"));
    expect(rows).toMatchObject([
      {
        line: 2,
        message: {
          traits: {
            first_name: "Mary",
            last_name: "Major",
            phone: "+44 20 7946 0000",
            birthday: "1985-03-17",
            city: "London",
            postal_code: "SW1A 1AA",
            country: "United Kingdom",
          },
        },
      },
    ]);
  });

  it("rejects a file without any identifying column", async () => {
    const path = join(dir, "names.csv");
    await writeFile(path, "first_name,last_name\nA,B\n");
    await expect(openImport(path, "contacts")).rejects.toMatchObject({ code: "missing_columns" });
  });
});
