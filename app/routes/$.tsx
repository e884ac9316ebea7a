import { RouteErrorBoundary } from "~/components/error-page";
import { fail } from "~/domain/errors";
import { throwIfPageError } from "~/http/command-reply.server";

// Unknown URLs render the translated 404 inside the normal layout, with the root loader's data.
export async function loader() {
  throwIfPageError(fail.notFound());
  return null;
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
