import { useFetcher } from "@remix-run/react";
import { useId, useRef, useState, type TextareaHTMLAttributes } from "react";
import { mentionAtCaret } from "~/utils/mentions";
import { useT } from "./i18n";

type Person = { id: string; name: string; handle: string };

/**
 * A textarea that suggests group members after "@". Typing works as in any textarea (and without JavaScript the
 * member types the @handle shown in the directory); with JavaScript a list of matching people opens below:
 * arrow keys move, Enter or Tab inserts "@handle ", Escape closes.
 */
export function MentionTextarea({ slug, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { slug: string; id: string }) {
  const t = useT();
  const ref = useRef<HTMLTextAreaElement>(null);
  const fetcher = useFetcher<{ people: Person[] }>();
  const [at, setAt] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const listId = `${useId()}-mentions`;
  const people = at ? (fetcher.data?.people ?? []) : [];
  const open = at !== null && people.length > 0;

  function lookUp() {
    const el = ref.current;
    if (!el) return;
    const found = mentionAtCaret(el.value, el.selectionStart ?? 0);
    setAt(found);
    setActive(0);
    if (found) fetcher.load(`/g/${slug}/mentions?${new URLSearchParams({ q: found.query })}`);
  }

  function choose(person: Person) {
    const el = ref.current;
    if (!el || !at) return;
    el.setRangeText(`@${person.handle} `, at.start, el.selectionStart ?? at.start, "end");
    setAt(null);
    // Let form libraries (and validation) see the change like typed text.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.focus();
  }

  return (
    <div className="relative">
      <textarea
        {...props}
        ref={ref}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onInput={(e) => {
          props.onInput?.(e);
          lookUp();
        }}
        onClick={lookUp}
        onBlur={(e) => {
          props.onBlur?.(e);
          setAt(null);
        }}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setActive((i) => (i + (e.key === "ArrowDown" ? 1 : people.length - 1)) % people.length);
          } else if (e.key === "Enter" || e.key === "Tab") {
            e.preventDefault();
            choose(people[active]);
          } else if (e.key === "Escape") {
            e.preventDefault();
            setAt(null);
          }
        }}
      />
      <p className="sr-only" aria-live="polite">
        {open ? t("mentions.available", { count: people.length }) : ""}
      </p>
      {open ? (
        <ul id={listId} role="listbox" aria-label={t("mentions.label")} className="absolute left-0 z-20 mt-1 max-h-60 w-72 max-w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg">
          {people.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // mousedown, not click: the textarea must not lose focus (and close the list) first.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(p);
              }}
              className={`cursor-pointer px-3 py-1.5 text-sm ${i === active ? "bg-blue-700 text-white" : "text-slate-900 hover:bg-slate-100"}`}
            >
              <span className="font-medium">{p.name}</span> <span className={i === active ? "text-blue-100" : "text-slate-600"}>@{p.handle}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
