import type { Context } from "hono";
import type { AppEnv } from "../deps.ts";
import { page } from "./render.tsx";

/** An error as a page for people (APIs get JSON from app.onError instead). */
export function errorPage(c: Context<AppEnv>, status: number, message: string): Response {
  if (c.req.header("HX-Request") === "true") {
    return c.html(`<p class="alert error" role="alert">${escapeHtml(message)}</p>`, status as 400);
  }
  return page(
    c,
    { title: status === 404 ? "Not found" : "Error", status },
    <section class="card narrow">
      <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong"}</h1>
      <p class="alert error" role="alert">{message}</p>
      <p>
        <a href="/">Back to Chatwire</a>
      </p>
    </section>,
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
