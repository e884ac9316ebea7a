import { Link } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useHydrated } from "~/components/idea";

/**
 * A form that is only rendered when asked for: a page with hundreds of comments (or a queue of thirty ideas)
 * would otherwise render and validate as many hidden forms, and that was most of its cost. Without JavaScript the
 * toggle is a link (`href`) to the same page with the form open (`open`, which the page decides from its
 * address, or from a refused submission, to show why); with it, a button that opens the form in place and takes
 * the focus. The reader's own choice wins over `open`; a change of `closeOn` (the change landed) closes it again.
 */
export function Disclosure({
  href,
  label,
  open: openHere,
  closeOn,
  children,
}: {
  href: string;
  label: ReactNode;
  open: boolean;
  closeOn?: unknown;
  children: (focus: boolean) => ReactNode;
}) {
  const hydrated = useHydrated();
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [focus, setFocus] = useState(false);
  useEffect(() => setChosen(null), [closeOn]);
  const shown = chosen ?? openHere;
  const toggle = hydrated ? (
    <button
      type="button"
      aria-expanded={shown}
      onClick={() => {
        setChosen(!shown);
        setFocus(true);
      }}
      className="font-medium text-blue-800 underline-offset-2 hover:underline"
    >
      {label}
    </button>
  ) : (
    <Link to={href} preventScrollReset className="font-medium">
      {label}
    </Link>
  );
  return (
    <div className="w-full">
      {toggle}
      {shown ? <div className="mt-2">{children(focus)}</div> : null}
    </div>
  );
}
