// React's web-streams renderer has no type entry of its own; its API is the one react-dom/server declares.
declare module "react-dom/server.browser" {
  export { renderToReadableStream } from "react-dom/server";
}
