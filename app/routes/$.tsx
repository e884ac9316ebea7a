import { RouteErrorBoundary } from "~/components/error-page";

// Unknown URLs render the translated 404 inside the normal layout, with the root loader's data.
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = RouteErrorBoundary;
