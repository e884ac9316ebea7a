// Every background keeps white initials above 4.5:1 (WCAG AA for small text), so axe passes whichever is picked.
const COLOURS = [
  "bg-blue-700",
  "bg-emerald-800",
  "bg-violet-700",
  "bg-rose-700",
  "bg-amber-800",
  "bg-teal-700",
  "bg-fuchsia-700",
  "bg-orange-800",
  "bg-indigo-700",
  "bg-pink-700",
  "bg-cyan-800",
  "bg-lime-800",
] as const;

/** The same person gets the same colour on every page and in every session (FNV-1a over their id). */
export function avatarColour(seed: string): (typeof COLOURS)[number] {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return COLOURS[(hash >>> 0) % COLOURS.length];
}

export function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  // Array.from keeps a letter outside the BMP (or an emoji) whole instead of half a surrogate pair.
  return parts
    .slice(0, 2)
    .map((p) => Array.from(p)[0]!.toUpperCase())
    .join("");
}

const SIZES = { sm: "h-7 w-7 text-xs", md: "h-10 w-10 text-sm" } as const;

/** A member's initials in their own colour. Decorative: the name is always written next to it. */
export function Avatar({ name, id, size = "md" }: { name: string; id?: string | null; size?: keyof typeof SIZES }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex flex-none select-none items-center justify-center rounded-full font-semibold text-white ${SIZES[size]} ${avatarColour(id ?? name)}`}
    >
      {initials(name) || "?"}
    </span>
  );
}
