import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { IdeaCard, type IdeaCardData } from "~/components/idea";
import { IDEA_STATUSES } from "~/domain/constants";
import { fail } from "~/domain/errors";
import { env } from "~/env.server";
import { throwIfPageError } from "~/http/command-reply.server";

// The benchmark's yardstick (`npm run bench`, KAIKU_BENCH=1 only; 404 otherwise): 50 rows through the same
// Remix stack (root loader, document, loader data, React) without touching the database. The rows are the
// board's own row component with fixed data, so that the board page's ratio to this page measures what the
// session, the group access check, the queries and the board's own controls cost, not how much markup a row has.

// Every row's text is its own, as on a real board (the data stream would store repeated strings once).
const NAMES = ["Aino Virtanen", "Eero Korhonen", "Helmi Nieminen", "Olli Mäkinen", "Grace Smith", "Liam Brown", "Sanna Laine"];
const ROWS: IdeaCardData[] = Array.from({ length: 50 }, (_, i) => ({
  number: i + 1,
  title: `Baseline row ${i + 1}: an idea title of ordinary length`,
  excerpt: `Row ${i + 1} has a short excerpt of the idea's description, about as long as the board shows under each title, cut at two hundred characters so that it wraps onto a second line on a phone…`,
  status: IDEA_STATUSES[i % 4],
  voteCount: 1000 - i * 7,
  commentCount: (i * 13) % 40,
  createdAt: Date.UTC(2026, 10, 25) - i * 86_400_000,
  boardName: "Ideas",
  authorName: `${NAMES[i % NAMES.length]} ${i + 1}`,
  voted: i % 3 === 0 ? 1 : 0,
  tags: i % 2 === 0 ? [{ id: 1, name: "Mobile app", color: "blue" }] : [],
}));

export async function loader(_: LoaderFunctionArgs) {
  if (!env.bench) throwIfPageError(fail.notFound());
  return { rows: ROWS };
}

export default function BenchBaseline() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1 className="text-2xl font-bold">Baseline</h1>
      <ul className="mt-4 space-y-3">
        {rows.map((row) => (
          <IdeaCard key={row.number} idea={row} slug="bench" canVote showBoard={false} />
        ))}
      </ul>
    </section>
  );
}
