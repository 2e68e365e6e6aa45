import type { ComponentChildren } from "preact";
import type { User } from "../db/users.ts";

export type NavArea =
  | "bots"
  | "contacts"
  | "attributes"
  | "apis"
  | "tokens"
  | "logs"
  | "channels"
  | "settings";

const NAV: { area: NavArea; href: string; label: string; group?: string }[] = [
  { area: "bots", href: "/bots", label: "Bots" },
  { area: "contacts", href: "/contacts", label: "Contacts" },
  { area: "attributes", href: "/attributes", label: "Attributes" },
  { area: "apis", href: "/apis", label: "APIs", group: "Developers" },
  { area: "tokens", href: "/settings/tokens", label: "API tokens", group: "Developers" },
  { area: "logs", href: "/logs", label: "Logs", group: "Developers" },
  { area: "channels", href: "/channels", label: "Channels" },
  { area: "settings", href: "/settings", label: "Settings" },
];

/** The page frame: navigation for signed-in admins, the CSRF token for htmx. */
export function Layout(
  props: { title: string; area?: NavArea; user?: User; csrf: string; children: ComponentChildren },
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={props.csrf} />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>{`${props.title} · Chatwire`}</title>
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
        <script src="/static/app.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ "X-CSRF-Token": props.csrf })}>
        <header class="topbar">
          <a class="brand" href="/">
            <span class="logo" aria-hidden="true">◆</span> Chatwire
          </a>
          {props.user && (
            <form method="post" action="/logout" class="logout">
              <input type="hidden" name="_csrf" value={props.csrf} />
              <span class="who">{props.user.email}</span>
              <button type="submit" class="link">Log out</button>
            </form>
          )}
        </header>
        <div class={props.user ? "shell" : "shell bare"}>
          {props.user && <Nav area={props.area} />}
          <main id="main">{props.children}</main>
        </div>
      </body>
    </html>
  );
}

function Nav(props: { area?: NavArea }) {
  let group: string | undefined;
  return (
    <nav class="sidenav" aria-label="Main">
      <ul>
        {NAV.map((item) => {
          const heading = item.group && item.group !== group ? item.group : undefined;
          group = item.group;
          return (
            <>
              {heading && <li class="group">{heading}</li>}
              <li>
                <a
                  href={item.href}
                  class={item.group ? "sub" : undefined}
                  aria-current={item.area === props.area ? "page" : undefined}
                >
                  {item.label}
                </a>
              </li>
            </>
          );
        })}
      </ul>
    </nav>
  );
}

/** The hidden CSRF field every form carries. */
export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** A form that is only a button POSTing to `action` (delete, revoke, restore…), so it works without JavaScript. */
export function PostButton(
  props: { action: string; csrf: string; class?: string; formClass?: string; children: ComponentChildren },
) {
  return (
    <form method="post" action={props.action} class={props.formClass}>
      <Csrf token={props.csrf} />
      <button type="submit" class={props.class}>{props.children}</button>
    </form>
  );
}

/** A labelled form field with help text and its error beside it. */
export function Field(
  props: { label: string; name: string; error?: string; help?: string; children: ComponentChildren },
) {
  return (
    <div class={props.error ? "field has-error" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.help && <p class="help">{props.help}</p>}
      {props.error && <p class="error" id={`${props.name}-error`} role="alert">{props.error}</p>}
    </div>
  );
}

/** What an area shows before it has anything in it. */
export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <h2>{props.title}</h2>
      {props.children}
    </div>
  );
}

/** A button copying the text of the element `target` (static/app.js). */
export function CopyButton(props: { target: string; what: string }) {
  return (
    <button type="button" class="small copy" data-copy={props.target} aria-label={`Copy the ${props.what}`}>
      Copy
    </button>
  );
}
