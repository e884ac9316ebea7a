import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import { MENTION_PATTERN } from "./mentions";

// HTML in the source is shown as text (html: false); links are limited to http, https and mailto and open
// nothing of ours to the target; images from elsewhere are not loaded (they would leak readers' IP addresses).
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
const SAFE_LINK = /^(https?:|mailto:)/i;

md.validateLink = (url) => SAFE_LINK.test(url.trim());
md.disable(["image"]);

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  if (!tokens[idx].attrGet("data-mention")) tokens[idx].attrSet("rel", "nofollow ugc noopener");
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Headings inside user text start at h3, below the page's own h1 and h2.
md.renderer.rules.heading_open = (tokens, idx) => `<h${Math.min(6, Number(tokens[idx].tag.slice(1)) + 2)}>`;
md.renderer.rules.heading_close = (tokens, idx) => `</h${Math.min(6, Number(tokens[idx].tag.slice(1)) + 2)}>`;

/** A resolved @mention: a link to the member's profile, or just the name (staff have no profile in the group). */
export type MentionTarget = { href: string | null; name: string };
type Env = { mentions?: Map<string, MentionTarget> };

// "@handle" in plain text (not inside links or code) becomes a link to the member, shown by name. Only handles
// the caller resolved are touched: an unknown "@word" stays text.
md.core.ruler.push("mentions", (state) => {
  const mentions = (state.env as Env).mentions;
  if (!mentions?.size) return;
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const out: Token[] = [];
    let inLink = 0;
    for (const token of block.children) {
      if (token.type === "link_open") inLink++;
      if (token.type === "link_close") inLink--;
      if (token.type !== "text" || inLink > 0 || !token.content.includes("@")) {
        out.push(token);
        continue;
      }
      const text = token.content;
      let last = 0;
      for (const match of text.matchAll(MENTION_PATTERN)) {
        const target = mentions.get(match[1].toLocaleLowerCase("fi"));
        if (!target) continue;
        const at = match.index;
        if (at > last) out.push(textToken(state, text.slice(last, at)));
        const tag = target.href ? "a" : "strong";
        const open = new state.Token(target.href ? "link_open" : "mention_open", tag, 1);
        open.attrs = [
          ...(target.href ? [["href", target.href] as [string, string]] : []),
          ["class", "mention"],
          ["data-mention", match[1].toLocaleLowerCase("fi")],
        ];
        out.push(open, textToken(state, `@${target.name}`), new state.Token(target.href ? "link_close" : "mention_close", tag, -1));
        last = at + match[0].length;
      }
      if (last === 0) out.push(token);
      else if (last < text.length) out.push(textToken(state, text.slice(last)));
    }
    block.children = out;
  }
});

function textToken(state: { Token: typeof Token }, content: string): Token {
  const token = new state.Token("text", "", 0);
  token.content = content;
  return token;
}

/** Markdown to safe HTML, for rendering with dangerouslySetInnerHTML. Resolved @mentions become member links. */
export function renderMarkdown(source: string, options: { mentions?: Map<string, MentionTarget> } = {}): string {
  return md.render(source, { mentions: options.mentions } satisfies Env);
}
