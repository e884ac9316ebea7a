// Caring reply tools, shared by the server (which fills a saved reply when the page is loaded without
// JavaScript) and the browser (which fills it, and shows the hints, as the response is written).

export type ReplyContext = { name: string; idea: string; group: string };

/** The first name is how a personal reply greets: "Matti Meikäläinen" -> "Matti". */
export const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? "";

/** {name}, {idea} and {group} in a saved reply, filled in for this idea. Unknown {words} stay as they are. */
export function fillPlaceholders(text: string, context: ReplyContext): string {
  const values: Record<string, string> = { name: firstName(context.name), idea: context.idea, group: context.group };
  return text.replace(/\{(name|idea|group)\}/g, (_, key: string) => values[key]);
}

export type ReplyHint = "greeting" | "thanks" | "nextStep";

// Words that show each quality, in Finnish and English, so one check serves a reply in either language (stems,
// so inflected forms count: "kiitoksia").
const THANKS = /\b(kiito|kiitt|kiitä|thank|thanks|appreciat|grateful)/i;
// A name may carry a Finnish case ending ("Kiitos, Mattille"), but must not be the start of a longer word ("Eva"
// is not greeted by "evaluation").
const CASE_ENDING = "(?:n|a|ä|lle|lla|llä|lta|ltä|sta|stä|ssa|ssä|ksi|kin)?";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const mentionsName = (text: string, name: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(name)}${CASE_ENDING}(?![\\p{L}\\p{N}])`, "iu").test(text);
const NEXT_STEP =
  /\b(seuraava|seuraavaksi|aiomme|kerromme|palaamme|ilmoitamme|tulemme|viikolla|kuussa|mennessä|pian|next|will|we'll|we are going|going to|by (the end|next)|soon|this (week|month)|follow up|keep you posted|let you know|update you)/i;

/**
 * Gentle, non-blocking hints for an official response: research on chat-based service found that a greeting by
 * name, thanks and a clear next step make a reply feel cared for. Empty when the response has all three.
 */
export function replyHints(response: string, authorName: string): ReplyHint[] {
  const text = response.trim();
  if (!text) return [];
  const hints: ReplyHint[] = [];
  const name = firstName(authorName);
  if (!name || !mentionsName(text, name)) hints.push("greeting");
  if (!THANKS.test(text)) hints.push("thanks");
  if (!NEXT_STEP.test(text)) hints.push("nextStep");
  return hints;
}
