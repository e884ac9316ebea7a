// The shared input primitives (app/schemas/fields.ts) over a table of inputs: control characters of every class in
// single-line and multi-line text, line-ending normalisation, and numbers written in every way Number() would read
// (hex, exponent, spaces, signs, empty, huge). Also through conform's parseWithZod, which coerces form values
// before zod sees them, so a primitive that holds alone could still be bypassed inside a form.
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decimalId, decimalInt, emailField, multiLine, nameField, pageParam, searchQuery, singleLine } from "../../app/schemas/fields";
import { ideaPageSchema, ideaListParams } from "../../app/schemas/idea";
import { groupCreateSchema, parseInviteList } from "../../app/schemas/group";
import { en } from "../../app/i18n/en";
import { fi } from "../../app/i18n/fi";

const line = singleLine({ min: 1, max: 80, message: "validation.name" });
const text = multiLine({ max: 1000 });
const errorOf = (r: z.SafeParseReturnType<unknown, unknown>) => (r.success ? null : r.error.issues.map((i) => i.message));

// Every class a single-line field refuses, each in the middle of the text (the ends are trimmed away anyway).
const SINGLE_LINE_REFUSED: [string, string][] = [
  ["NUL", "\u0000"],
  ["SOH", "\u0001"],
  ["BEL", "\u0007"],
  ["BS", "\u0008"],
  ["TAB", "\t"],
  ["LF", "\n"],
  ["VT", "\u000B"],
  ["FF", "\u000C"],
  ["CR", "\r"],
  ["CRLF", "\r\n"],
  ["ESC", "\u001B"],
  ["US", "\u001F"],
  ["DEL", "\u007F"],
  ["C1 PAD", "\u0080"],
  ["C1 NEL", "\u0085"],
  ["C1 APC", "\u009F"],
  ["LINE SEPARATOR", "\u2028"],
  ["PARAGRAPH SEPARATOR", "\u2029"],
  ["LRE", "\u202A"],
  ["RLO", "\u202E"],
  ["LRI", "\u2066"],
  ["PDI", "\u2069"],
];

describe("singleLine", () => {
  it.each(SINGLE_LINE_REFUSED)("refuses %s inside the text", (_name, ch) => {
    expect(errorOf(line.safeParse(`a${ch}b`))).toEqual(["validation.controlCharacters"]);
  });

  it.each([
    ["Matti Meikäläinen", "Matti Meikäläinen"],
    ["  Åsa Öberg  ", "Åsa Öberg"],
    ["O'Brien-Smith", "O'Brien-Smith"],
    ["名前 🎉", "名前 🎉"],
    ["مرحبا بالعالم", "مرحبا بالعالم"],
    ["left\u200Eright mark", "left\u200Eright mark"],
    ["pasted with a newline\r\n", "pasted with a newline"],
    ["\tindented", "indented"],
  ])("accepts %j as %j", (input, stored) => {
    expect(line.parse(input)).toBe(stored);
  });

  it.each([["a@example.com\r\nBcc: b@example.com"], ["a\u0000@example.com"], ["a@exa\tmple.com"], ["a@example.com\u2028x"]])(
    "an e-mail address %j is refused by its format check",
    (email) => {
      expect(emailField.safeParse(email).success).toBe(false);
    },
  );

  it("keeps its length and emptiness messages", () => {
    expect(errorOf(line.safeParse("   "))).toEqual(["validation.name"]);
    expect(errorOf(line.safeParse("x".repeat(81)))).toEqual(["validation.name"]);
    expect(errorOf(nameField.safeParse("a\u0000b"))).toEqual(["validation.controlCharacters"]);
  });
});

describe("multiLine", () => {
  it.each([
    ["CRLF", "one\r\ntwo\r\n\r\nthree", "one\ntwo\n\nthree"],
    ["lone CR", "one\rtwo", "one\ntwo"],
    ["mixed", "a\r\nb\rc\nd", "a\nb\nc\nd"],
    ["line separator", "a\u2028b\u2029c", "a\nb\nc"],
    ["tab kept", "code:\n\tindented", "code:\n\tindented"],
    ["bidi kept (markdown renders it escaped)", "a\u202Eb", "a\u202Eb"],
    ["trimmed", "\r\n  text  \r\n", "text"],
  ])("normalises %s", (_name, input, stored) => {
    expect(text.parse(input)).toBe(stored);
  });

  it.each([
    ["NUL", "\u0000"],
    ["BEL", "\u0007"],
    ["BS", "\u0008"],
    ["VT", "\u000B"],
    ["FF", "\u000C"],
    ["ESC", "\u001B[31m"],
    ["DEL", "\u007F"],
    ["C1 NEL", "\u0085"],
    ["C1 CSI", "\u009B"],
  ])("refuses %s", (_name, ch) => {
    expect(errorOf(text.safeParse(`before${ch}after`))).toEqual(["validation.invalidCharacters"]);
  });

  it("checks the length after normalising, so CRLF counts as one character", () => {
    const limited = multiLine({ max: 3 });
    expect(limited.parse("a\r\nb")).toBe("a\nb");
    expect(errorOf(limited.safeParse("a\r\nbc"))).toEqual(["validation.tooLong"]);
  });
});

describe("decimalInt and decimalId", () => {
  const days = decimalInt({ min: 1, max: 90, message: "validation.days" });
  const id = decimalId();

  it.each([
    ["0x10", "hex"],
    ["0X1A", "hex upper"],
    ["0b1", "binary"],
    ["0o7", "octal"],
    ["1e1", "exponent"],
    ["1E1", "exponent upper"],
    [" 16", "leading space"],
    ["16 ", "trailing space"],
    ["1 6", "inner space"],
    ["\t16", "tab"],
    ["+16", "leading plus"],
    ["-1", "minus"],
    ["16.0", "decimal point"],
    ["1.5", "fraction"],
    ["1,000", "thousands comma"],
    ["1_000", "numeric separator"],
    ["Infinity", "Infinity"],
    ["NaN", "NaN"],
    ["", "empty"],
    ["٣", "Arabic-Indic digit"],
    ["１６", "fullwidth digits"],
    ["9007199254740992", "past the safe integer range"],
    ["99999999999999999999", "huge"],
    ["1".repeat(1000), "very long"],
  ])("refuses %j (%s)", (input) => {
    expect(id.safeParse(input).success).toBe(false);
    expect(days.safeParse(input).success).toBe(false);
  });

  it("refuses non-strings: a number or an array is not what a form sends", () => {
    expect(id.safeParse(16).success).toBe(false);
    expect(id.safeParse(["16"]).success).toBe(false);
  });

  it("reads plain digits; ids are canonical, typed numbers may have leading zeros", () => {
    expect(id.parse("16")).toBe(16);
    expect(id.parse("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(id.safeParse("016").success).toBe(false);
    expect(id.safeParse("0").success).toBe(false);
    expect(days.parse("07")).toBe(7);
    expect(decimalInt({ min: 0 }).parse("0")).toBe(0);
  });

  it("range errors carry the field's message", () => {
    expect(errorOf(days.safeParse("91"))).toEqual(["validation.days"]);
    expect(errorOf(days.safeParse("0"))).toEqual(["validation.days"]);
    expect(errorOf(days.safeParse("0x10"))).toEqual(["validation.days"]);
    expect(errorOf(id.safeParse("0x10"))).toEqual(["validation.invalid"]);
  });

  it("a page that is not plain digits is page 1, not page 16", () => {
    expect(z.object({ page: pageParam }).parse({ page: "0x10" }).page).toBe(1);
    expect(z.object({ page: pageParam }).parse({ page: "1e1" }).page).toBe(1);
    expect(z.object({ page: pageParam }).parse({}).page).toBe(1);
    expect(z.object({ page: pageParam }).parse({ page: "3" }).page).toBe(3);
    expect(ideaListParams.parse({ tag: "0x10" }).tag).toBeUndefined();
    expect(ideaListParams.parse({ tag: "16" }).tag).toBe(16);
  });
});

describe("searchQuery", () => {
  it("turns control characters into spaces instead of refusing a search", () => {
    expect(searchQuery(100).parse("lippu\u0000\r\nauto")).toBe("lippu   auto");
    expect(searchQuery(100).parse(" \t ")).toBe("");
  });
});

/** What conform's parseWithZod makes of a form: it coerces values first, so the primitives must hold after that. */
function parseForm(schema: z.ZodTypeAny, fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  return parseWithZod(form, { schema });
}

describe("inside conform's form parsing", () => {
  it.each(["0x10", "1e1", " 16", "+16", "16.0", ""])("a merge into %j is refused", (into) => {
    const submission = parseForm(ideaPageSchema, { intent: "merge", into });
    expect(submission.status).toBe("error");
    expect(submission.status === "error" && submission.error?.into).toBeTruthy();
  });

  it("a merge into 16 is read as 16", () => {
    const submission = parseForm(ideaPageSchema, { intent: "merge", into: "16" });
    expect(submission.status === "success" && submission.value).toMatchObject({ intent: "merge", into: 16 });
  });

  it.each([["999x"], ["0x3E7"], ["9e2"]])("tags %j are refused", (tag) => {
    expect(parseForm(ideaPageSchema, { intent: "tags", tags: [tag] }).status).toBe("error");
  });

  it("a comment's CRLF is stored as LF, a NUL is a field error", () => {
    const ok = parseForm(ideaPageSchema, { intent: "comment", body: "first\r\nsecond" });
    expect(ok.status === "success" && ok.value).toMatchObject({ body: "first\nsecond" });
    const bad = parseForm(ideaPageSchema, { intent: "comment", body: "first\u0000second" });
    expect(bad.status === "error" && bad.error?.body).toEqual(["validation.invalidCharacters"]);
  });

  it("a group name with a line break and a member limit in exponent form are field errors", () => {
    const submission = parseForm(groupCreateSchema, { name: "Pilot\r\nBcc: x", joinPolicy: "invite", responseTargetDays: "1e1", capacity: "0x10" });
    expect(submission.status).toBe("error");
    const error = submission.status === "error" ? submission.error : null;
    expect(error?.name).toEqual(["validation.controlCharacters"]);
    expect(error?.responseTargetDays).toEqual(["validation.days"]);
    expect(error?.capacity).toEqual(["validation.capacity"]);
  });
});

describe("invitation lists", () => {
  it("a pasted line whose name carries control characters is reported, not half-used", () => {
    const { entries, invalid } = parseInviteList("Good Name <good@example.com>\r\nBad\u0000Name <bad@example.com>\rlast@example.com");
    expect(entries).toEqual([
      { email: "good@example.com", name: "Good Name" },
      { email: "last@example.com", name: null },
    ]);
    expect(invalid).toEqual(["Bad\uFFFDName <bad@example.com>"]);
  });
});

describe("messages", () => {
  it.each(["validation.number", "validation.controlCharacters", "validation.invalidCharacters", "validation.unknownTag"] as const)(
    "%s is translated in both languages",
    (key) => {
      expect(en[key]).toBeTruthy();
      expect(fi[key]).toBeTruthy();
      expect(fi[key]).not.toBe(en[key]);
    },
  );
});
