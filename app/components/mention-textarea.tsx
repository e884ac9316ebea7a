import { useEffect, useId, useRef, useState, type TextareaHTMLAttributes } from "react";
import { mentionAtCaret } from "~/utils/mentions";
import { useT } from "./i18n";

type Person = { id: string; name: string; handle: string };

/**
 * A textarea that suggests group members after "@". Typing works as in any textarea (and without JavaScript the
 * member types the @handle shown in the directory); with JavaScript a list of matching people opens below:
 * arrow keys move, Enter or Tab inserts "@handle ", Escape closes. The list is in the page's flow, so it pushes
 * the form's buttons down instead of covering them, and it closes once the handle is complete (a space or a
 * punctuation mark after it, or the text is exactly the one person's handle), on Escape and on blur.
 */
export function MentionTextarea({ slug, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement> & { slug: string; id: string }) {
  const t = useT();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [at, setAt] = useState<{ start: number; query: string } | null>(null);
  const [found, setFound] = useState<{ query: string; people: Person[] } | null>(null);
  const [active, setActive] = useState(0);
  const listId = `${useId()}-mentions`;
  const pending = useRef<AbortController | null>(null);
  useEffect(() => () => pending.current?.abort(), []);
  // While the answer for the latest keystroke is on its way the previous list stays (no flicker); an older
  // answer never replaces a newer one, because starting a lookup aborts the one before.
  const people = at && found ? found.people : [];
  const complete = people.length === 1 && people[0].handle.toLocaleLowerCase("fi") === at?.query.toLocaleLowerCase("fi");
  const open = at !== null && people.length > 0 && !complete;

  function lookUp() {
    const el = ref.current;
    if (!el) return;
    const next = mentionAtCaret(el.value, el.selectionStart ?? 0);
    setAt(next);
    setActive(0);
    if (!next) {
      pending.current?.abort();
      setFound(null);
      return;
    }
    if (at?.query === next.query && at.start === next.start) return;
    // Typing fast starts a lookup per key: each one cancels the one before, quietly (an aborted fetch is no error).
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    fetch(`/g/${slug}/mentions?${new URLSearchParams({ q: next.query })}`, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? (response.json() as Promise<{ people: Person[] }>) : { people: [] }))
      .then((body) => {
        if (!controller.signal.aborted) setFound({ query: next.query, people: body.people });
      })
      .catch(() => {
        // Aborted (a newer lookup) or offline: the textarea keeps working as a plain one.
      });
  }

  function choose(person: Person) {
    const el = ref.current;
    if (!el || !at) return;
    el.setRangeText(`@${person.handle} `, at.start, el.selectionStart ?? at.start, "end");
    setAt(null);
    setFound(null);
    // Let form libraries (and validation) see the change like typed text.
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.focus();
  }

  return (
    <div>
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
        <ul
          id={listId}
          role="listbox"
          aria-label={t("mentions.label")}
          className="mt-1 max-h-60 w-72 max-w-full overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg"
        >
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
