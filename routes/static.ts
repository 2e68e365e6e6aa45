import { Hono } from "hono";
import htmx from "htmx.org/dist/htmx.min.js" with { type: "text" };
import css from "../static/app.css" with { type: "text" };
import js from "../static/app.js" with { type: "text" };
import picker from "../static/picker.js" with { type: "text" };
import favicon from "../static/favicon.svg" with { type: "text" };
import type { AppEnv } from "../deps.ts";

// Embedded at build time, so a `deno compile`d binary carries its assets.
const FILES: Record<string, { body: string; type: string }> = {
  "app.css": { body: css, type: "text/css; charset=utf-8" },
  "app.js": { body: js, type: "text/javascript; charset=utf-8" },
  "favicon.svg": { body: favicon, type: "image/svg+xml" },
  "htmx.min.js": { body: htmx, type: "text/javascript; charset=utf-8" },
  "picker.js": { body: picker, type: "text/javascript; charset=utf-8" },
};

/** Serves the stylesheet, our small script and htmx (from its npm package, no CDN). */
export const staticFiles = new Hono<AppEnv>();

staticFiles.get("/:file", (c) => {
  // Own keys only: "constructor" or "toString" must not find Object.prototype's.
  const name = c.req.param("file");
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!file) return c.notFound();
  c.header("Content-Type", file.type);
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(file.body);
});
