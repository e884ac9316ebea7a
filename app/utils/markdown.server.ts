import MarkdownIt from "markdown-it";

// HTML in the source is shown as text (html: false); links are limited to http, https and mailto and open
// nothing of ours to the target; images from elsewhere are not loaded (they would leak readers' IP addresses).
const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
const SAFE_LINK = /^(https?:|mailto:)/i;

md.validateLink = (url) => SAFE_LINK.test(url.trim());
md.disable(["image"]);

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet("rel", "nofollow ugc noopener");
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Headings inside user text start at h3, below the page's own h1 and h2.
md.renderer.rules.heading_open = (tokens, idx) => `<h${Math.min(6, Number(tokens[idx].tag.slice(1)) + 2)}>`;
md.renderer.rules.heading_close = (tokens, idx) => `</h${Math.min(6, Number(tokens[idx].tag.slice(1)) + 2)}>`;

/** Markdown to safe HTML, for rendering with dangerouslySetInnerHTML. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}
