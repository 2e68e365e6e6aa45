import type { Context } from "hono";
import type { ComponentChildren, VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { AppEnv } from "../deps.ts";
import { Layout, type NavArea } from "./layout.tsx";

/** Renders a whole page inside the layout, or only `fragment` for an htmx request when given. */
export function page(
  c: Context<AppEnv>,
  options: { title: string; area?: NavArea; status?: number },
  body: ComponentChildren,
): Response {
  const html = renderToString(
    <Layout title={options.title} area={options.area} user={c.var.user} csrf={c.var.csrf}>
      {body}
    </Layout>,
  );
  return c.html("<!doctype html>" + html, (options.status ?? 200) as 200);
}

/** Renders a fragment (an htmx swap target) without the layout. */
export function fragment(c: Context<AppEnv>, node: VNode, status = 200): Response {
  return c.html(renderToString(node), status as 200);
}

/** True when htmx made the request (so a fragment is enough). */
export function isHtmx(c: Context<AppEnv>): boolean {
  return c.req.header("HX-Request") === "true";
}
