// The caring reply tools (app/utils/reply-tools.ts), pure functions shared by the server and the browser:
// saved-reply placeholders and the gentle hints (greeting by first name, thanks, a next step) in Finnish and English.
import { describe, expect, it } from "vitest";
import { fillPlaceholders, firstName, replyHints } from "../../app/utils/reply-tools";

const context = { name: "Matti Meikäläinen", idea: "Tumma teema sovellukseen", group: "Mobiilisovelluksen pilotti" };

describe("firstName", () => {
  it.each([
    ["Matti Meikäläinen", "Matti"],
    ["  Emma   Stone  ", "Emma"],
    ["Anna-Liisa Virtanen", "Anna-Liisa"],
    ["Cher", "Cher"],
    ["", ""],
    ["   ", ""],
  ])("%j -> %j", (name, expected) => {
    expect(firstName(name)).toBe(expected);
  });
});

describe("fillPlaceholders", () => {
  it("fills {name} with the first name only, {idea} with the title and {group} with the group's name", () => {
    expect(fillPlaceholders('Hei {name}! Kiitos ideasta "{idea}" ryhmässä {group}.', context)).toBe(
      'Hei Matti! Kiitos ideasta "Tumma teema sovellukseen" ryhmässä Mobiilisovelluksen pilotti.',
    );
  });

  it("fills every occurrence of a repeated placeholder", () => {
    expect(fillPlaceholders("{name}, {name} and {name}: {idea} / {idea} in {group} & {group}", context)).toBe(
      "Matti, Matti and Matti: Tumma teema sovellukseen / Tumma teema sovellukseen in Mobiilisovelluksen pilotti & Mobiilisovelluksen pilotti",
    );
  });

  it("leaves unknown {words}, other spellings and lone braces untouched", () => {
    const text = "{Name} {NAME} { name } {title} {names} {} {name";
    expect(fillPlaceholders(text, context)).toBe(text);
    expect(fillPlaceholders("{{name}}", context)).toBe("{Matti}");
  });

  it("never uses the full name, and never reads values as replacement patterns", () => {
    const filled = fillPlaceholders("Hi {name}, about {idea} in {group}", { name: "Emma Stone", idea: "Pay $& save $1 and $$", group: "Group $'" });
    expect(filled).toBe("Hi Emma, about Pay $& save $1 and $$ in Group $'");
    expect(filled).not.toContain("Stone");
  });

  it("leaves a text without placeholders as it is, and fills {name} with nothing when the name is unknown", () => {
    expect(fillPlaceholders("Plain words.", context)).toBe("Plain words.");
    expect(fillPlaceholders("Hei {name}!", { ...context, name: "" })).toBe("Hei !");
  });
});

describe("replyHints", () => {
  it.each([
    ["fi", "Hei Matti! Kiitos ideasta. Seuraavaksi tiimi arvioi sen ja kerromme tuloksesta.", "Matti Meikäläinen"],
    ["fi, inflected thanks", "Moi Matti, kiitoksia tästä! Kerromme lisää, kun tiedämme aikataulun.", "Matti Meikäläinen"],
    ["en", "Hi Emma, thank you for the idea. We will look at it next week.", "Emma Stone"],
    ["en, thanks", "Hello Emma! Thanks a lot. Next week we'll share a first draft.", "Emma Stone"],
  ])("a reply with a greeting by first name, thanks and a next step needs no hint (%s)", (_label, text, author) => {
    expect(replyHints(text, author)).toEqual([]);
  });

  it("says what is missing, one hint at a time", () => {
    const author = "Matti Meikäläinen";
    expect(replyHints("Kiitos ideasta! Seuraavaksi tiimi arvioi sen.", author)).toEqual(["greeting"]);
    expect(replyHints("Hei Matti, tiimi arvioi ideaa. Kerromme tuloksesta.", author)).toEqual(["thanks"]);
    expect(replyHints("Hei Matti, kiitos ideasta!", author)).toEqual(["nextStep"]);
    expect(replyHints("Hello there.", "Emma Stone")).toEqual(["greeting", "thanks", "nextStep"]);
    expect(replyHints("Hi Emma, thank you!", "Emma Stone")).toEqual(["nextStep"]);
    expect(replyHints("Thanks! We will ship it next week.", "Emma Stone")).toEqual(["greeting"]);
    expect(replyHints("Hi Emma, it is planned for next week.", "Emma Stone")).toEqual(["thanks"]);
  });

  it("greets by the first name: the last name alone is not a greeting", () => {
    expect(replyHints("Hei Meikäläinen, kiitos! Kerromme lisää pian.", "Matti Meikäläinen")).toEqual(["greeting"]);
    expect(replyHints("Hei Matti, kiitos! Kerromme lisää pian.", "Matti Meikäläinen")).toEqual([]);
  });

  it("gives no hints for an empty or blank response", () => {
    expect(replyHints("", "Matti Meikäläinen")).toEqual([]);
    expect(replyHints("   \n\t ", "Matti Meikäläinen")).toEqual([]);
  });

  it("ignores letter case, in the name and in the words (Finnish letters too)", () => {
    expect(replyHints("HEI MATTI, KIITOS! SEURAAVAKSI ARVIOIMME IDEAN.", "Matti Meikäläinen")).toEqual([]);
    expect(replyHints("hi emma, THANK YOU. we WILL follow up.", "Emma Stone")).toEqual([]);
    expect(replyHints("Hei äijö, KIITOS! KERROMME LISÄÄ.", "Äijö Ärrä")).toEqual([]);
  });

  it.each([
    ["Kiitos", "Hei Matti, Kiitos! Kerromme lisää."],
    ["kiitoksia", "Hei Matti, kiitoksia! Kerromme lisää."],
    ["thank you", "Hi Matti, thank you. We will share more."],
    ["thanks", "Hi Matti, thanks. We will share more."],
  ])("counts %j as thanks", (_word, text) => {
    expect(replyHints(text, "Matti Meikäläinen")).toEqual([]);
  });

  it.each([
    ["seuraavaksi", "Hei Matti, kiitos! Seuraavaksi tiimi arvioi idean."],
    ["kerromme", "Hei Matti, kiitos! Kerromme, kun päätös on tehty."],
    ["next week", "Hi Matti, thanks! The team looks at it next week."],
    ["we will", "Hi Matti, thanks! We will decide in the spring."],
  ])("counts %j as a next step", (_word, text) => {
    expect(replyHints(text, "Matti Meikäläinen")).toEqual([]);
  });

  it("does not take other words for thanks or a next step", () => {
    expect(replyHints("Hei Matti, hyvä idea.", "Matti Meikäläinen")).toEqual(["thanks", "nextStep"]);
    expect(replyHints("Hi Matti, nice idea.", "Matti Meikäläinen")).toEqual(["thanks", "nextStep"]);
  });

  // The verb's weak grade "kiitä-" (kiitämme, kiitän) is thanks too, not only "kiitos" and "kiittää".
  it('counts the formal Finnish "kiitämme" / "kiitän" as thanks', () => {
    expect(replyHints("Hei Matti, kiitämme ideasta. Kerromme lisää.", "Matti Meikäläinen")).toEqual([]);
    expect(replyHints("Hei Matti, kiitän ideasta. Kerromme lisää.", "Matti Meikäläinen")).toEqual([]);
  });

  // A first name inside another word ("Eva" in "evaluation", "Ari" in "variant") is not a greeting.
  it("a first name inside another word is not a greeting", () => {
    expect(replyHints("Thank you! The evaluation starts next week.", "Eva Lind")).toEqual(["greeting"]);
  });
});
