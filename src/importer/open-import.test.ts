/** openImport: format and dialect detection, encodings, CSV record numbering, reader lifecycle. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectRows } from "./collect-rows.js";
import { ImportError, type ImportRow, openImport } from "./index.js";

const trait = (rows: ImportRow[], name: string) =>
  rows.map((row) =>
    row.kind === "message" ? (row.message.traits as Record<string, unknown>)[name] : row.kind,
  );
const emails = (rows: ImportRow[]) => trait(rows, "email");
const names = (rows: ImportRow[]) => trait(rows, "last_name");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kundenprofil-import-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const write = async (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};

describe("format detection", () => {
  it("gunzips by magic number and picks the format from the extension under .gz", async () => {
    const line = JSON.stringify({ type: "track", event: "E", userId: "u", messageId: "m" });
    const gz = await write("events.ndjson.gz", gzipSync(`${line}\n`));
    const reader = await openImport(gz, "events");
    expect(reader.format).toBe("ndjson");
    expect(await collectRows(reader)).toHaveLength(1);
    expect(reader.bytesRead).toBe(reader.totalBytes);
    // A compressed file without .gz in its name is still recognised.
    const hidden = await write("contacts.csv", gzipSync("email\na@example.com\n"));
    expect(emails(await collectRows(await openImport(hidden, "contacts")))).toEqual(["a@example.com"]);
  });

  it("sniffs the content when the extension says nothing", async () => {
    const json = await write("export.dat", '{"type":"identify","userId":"u","messageId":"x"}\n');
    expect((await openImport(json, "events")).format).toBe("ndjson");
    const vcard = await write("export.txt2", "BEGIN:VCARD\nVERSION:3.0\nEMAIL:v@example.com\nEND:VCARD\n");
    expect((await openImport(vcard, "contacts")).format).toBe("vcard");
    const csv = await write("export.out", "email\nc@example.com\n");
    expect((await openImport(csv, "contacts")).format).toBe("csv");
  });

  it("sniffs tab and semicolon delimiters and honours Excel's sep= line", async () => {
    const tsv = await write("a.tsv", "Name\tE-mail Address\nX\tt@example.com\n");
    expect(emails(await collectRows(await openImport(tsv, "contacts")))).toEqual(["t@example.com"]);
    const sep = await write("b.csv", "sep=;\nNachname;E-Mail-Adresse\nY;s@example.com\n");
    const rows = await collectRows(await openImport(sep, "contacts"));
    expect(rows).toMatchObject([
      { kind: "message", line: 3, message: { traits: { email: "s@example.com" } } },
    ]);
  });
});

describe("encodings", () => {
  it("strips a UTF-8 byte-order mark before matching the header", async () => {
    const path = await write("bom.csv", "\uFEFFE-mail Address,Last Name\nbom@example.com,Ö\n");
    expect(names(await collectRows(await openImport(path, "contacts")))).toEqual(["Ö"]);
  });

  it("reads UTF-16LE with BOM (Excel 'Unicode text')", async () => {
    const path = await write(
      "unicode.txt",
      Buffer.from("\uFEFFLast Name\tEmail\nGroß\tg@example.com\n", "utf16le"),
    );
    expect(names(await collectRows(await openImport(path, "contacts")))).toEqual(["Groß"]);
  });

  it("switches to Windows-1252 at the first chunk that is not UTF-8, even deep in the file", async () => {
    const ascii = Array.from({ length: 3000 }, (_, i) => `Person${i};p${i}@example.com`).join("\r\n");
    const text = `Nachname;E-Mail-Adresse\r\n${ascii}\r\nMüller;m@example.com\r\n`;
    const path = await write("ansi.csv", Buffer.from(text, "latin1"));
    const rows = await collectRows(await openImport(path, "contacts"));
    expect(rows).toHaveLength(3001);
    expect(rows.at(-1)).toMatchObject({ line: 3002, message: { traits: { last_name: "Müller" } } });
    const forced = await collectRows(await openImport(path, "contacts", { encoding: "windows-1252" }));
    expect(forced.at(-1)).toEqual(rows.at(-1));
  });
});

describe("CSV records", () => {
  it("numbers records by their first line when quoted cells hold line breaks", async () => {
    const path = await write(
      "notes.csv",
      'email,notes\r\na@example.com,"one\r\ntwo\r\nthree"\r\n\r\nb@example.com,x\r\n',
    );
    const rows = await collectRows(await openImport(path, "contacts"));
    expect(rows.map((row) => row.line)).toEqual([2, 6]);
  });

  it("keeps the rows before an unclosed quote and reports where it starts", async () => {
    const path = await write(
      "broken.csv",
      'email,notes\na@example.com,ok\nb@example.com,"never closed\nc@example.com,x\n',
    );
    const rows = await collectRows(await openImport(path, "contacts"));
    expect(rows).toEqual([
      expect.objectContaining({ kind: "message", line: 2 }),
      {
        kind: "error",
        line: 3,
        code: "csv_syntax",
        error: "a quoted field is not closed before the end of the file",
      },
    ]);
  });

  it("yields nothing for an empty file", async () => {
    expect(await collectRows(await openImport(await write("empty.csv", ""), "orders"))).toEqual([]);
  });
});

describe("reader lifecycle and errors", () => {
  it("iterates once, reports progress and can be closed early", async () => {
    const path = await write("twice.csv", "email\na@example.com\n");
    const reader = await openImport(path, "contacts");
    expect(reader.totalBytes).toBe(20);
    await collectRows(reader);
    expect(() => reader[Symbol.asyncIterator]()).toThrow(ImportError);
    const unread = await openImport(path, "contacts");
    await unread.close();
    expect(() => unread[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it.each([
    {
      name: "cut.ndjson.gz",
      type: "events" as const,
      lines: Array.from({ length: 8_000 }, (_, i) =>
        JSON.stringify({ type: "track", event: "E", userId: `u${i}` }),
      ),
    },
    {
      // CSV took the gzip's error for a syntax error of one record and went on as if the file ended.
      name: "cut.csv.gz",
      type: "contacts" as const,
      lines: ["email,first_name", ...Array.from({ length: 8_000 }, (_, i) => `p${i}@example.com,P${i}`)],
    },
  ])("turns a truncated gzip ($name) into an ImportError after the rows it could read", async (file) => {
    const gz = gzipSync(file.lines.join("\n"));
    const path = await write(file.name, gz.subarray(0, gz.length - 100));
    const seen: ImportRow[] = [];
    const reading = (async () => {
      for await (const row of await openImport(path, file.type)) seen.push(row);
    })();
    await expect(reading).rejects.toMatchObject({
      code: "unreadable_file",
      message: expect.stringContaining("unexpected end of file"),
    });
    expect(seen.length).toBeGreaterThan(4_000);
    expect(seen.every((row) => row.kind !== "error")).toBe(true);
  });

  it("rejects missing files and bad options with ImportError codes", async () => {
    await expect(openImport(join(dir, "nope.csv"), "orders")).rejects.toMatchObject({
      code: "unreadable_file",
    });
    await expect(openImport(dir, "orders")).rejects.toMatchObject({ code: "unreadable_file" });
    const path = await write("ok.csv", "email\n");
    await expect(openImport(path, "contacts", { currency: "euro" })).rejects.toMatchObject({
      code: "invalid_option",
    });
    await expect(openImport(path, "customers" as "contacts")).rejects.toMatchObject({
      code: "invalid_option",
    });
  });
});
