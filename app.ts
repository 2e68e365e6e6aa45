import { insightsRoutes } from "./routes/insights.tsx";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { apiTokenAuth } from "./routes/api_v1.ts";
import { apiV1Apis } from "./routes/api_v1_apis.ts";
import { apiV1Bots } from "./routes/api_v1_bots.ts";
import { apiV1Channels } from "./routes/api_v1_channels.ts";
import { apiV1Contacts } from "./routes/api_v1_contacts.ts";
import { apiV1OpenApi } from "./routes/api_v1_openapi.ts";
import { apisRoutes } from "./routes/apis.tsx";
import { apisImportRoutes } from "./routes/apis_import.tsx";
import { apisMappingRoutes } from "./routes/apis_mapping.tsx";
import { apisRunRoutes } from "./routes/apis_run.tsx";
import { attributesRoutes } from "./routes/attributes.tsx";
import { auth } from "./routes/auth.tsx";
import { bots } from "./routes/bots.tsx";
import { botsVersions } from "./routes/bots_versions.tsx";
import { channels } from "./routes/channels.tsx";
import { contacts } from "./routes/contacts.tsx";
import { flowEditor } from "./routes/flow_editor.tsx";
import type { AppDeps, AppEnv } from "./deps.ts";
import { home } from "./routes/home.ts";
import { logs } from "./routes/logs.tsx";
import { metrics } from "./routes/metrics.ts";
import { sessionMiddleware } from "./routes/session.ts";
import { settingsRoutes } from "./routes/settings.tsx";
import { simulator } from "./routes/simulator.tsx";
import { staticFiles } from "./routes/static.ts";
import { whatsappWebhook } from "./routes/whatsapp_webhook.ts";
import { errorPage } from "./views/error.tsx";

/** Paths outside the admin session: machines call them with their own credentials. */
const MACHINE_PATHS = /^\/(api\/|webhooks\/|healthz$|metrics$|static\/)/;

/** The largest request body accepted (a bot document, a webhook batch, a form). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

function tooLarge(): never {
  throw new HTTPException(413, {
    message: `Request body too large: the limit is ${MAX_BODY_BYTES / 1024 / 1024} MiB`,
  });
}

/** Builds the whole HTTP application: middleware, error handling and every route, in one list. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", requestId());
  app.use("*", async (c, next) => {
    c.set("deps", deps);
    const started = performance.now();
    await next();
    const level = c.res.status >= 500 ? "error" : "info";
    if (c.req.path !== "/healthz" && c.req.path !== "/metrics") {
      deps.log[level]("request", {
        requestId: c.var.requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    }
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
      },
    }),
  );
  // Meta's batches stay far below this; a larger body is refused before it is buffered.
  app.use("*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => tooLarge() }));
  app.use("*", (c, next) => MACHINE_PATHS.test(c.req.path) ? next() : sessionMiddleware()(c, next));

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.route("/metrics", metrics);
  app.route("/static", staticFiles);
  app.route("/", auth);
  app.route("/", home);
  app.route("/bots", bots);
  app.route("/bots", botsVersions);
  app.route("/bots", flowEditor);
  app.route("/bots", simulator);
  app.route("/bots", insightsRoutes);
  app.route("/contacts", contacts);
  app.route("/attributes", attributesRoutes);
  app.route("/apis/import", apisImportRoutes);
  app.route("/apis", apisRoutes);
  app.route("/apis", apisRunRoutes);
  app.route("/apis", apisMappingRoutes);
  app.route("/logs", logs);
  app.route("/channels", channels);
  app.route("/settings", settingsRoutes);
  app.route("/webhooks/whatsapp", whatsappWebhook);
  // Before the token gate: the description of the API is public.
  app.route("/api/v1", apiV1OpenApi);
  app.use("/api/v1/*", apiTokenAuth());
  app.route("/api/v1/apis", apiV1Apis);
  app.route("/api/v1/bots", apiV1Bots);
  app.route("/api/v1/channels", apiV1Channels);
  app.route("/api/v1/contacts", apiV1Contacts);

  app.notFound((c) => {
    if (c.req.path.startsWith("/api/")) return c.json({ error: "Not found" }, 404);
    return errorPage(c, 404, "This page does not exist");
  });
  app.onError((error, c) => {
    const status = error instanceof HTTPException ? error.status : 500;
    if (status >= 500) {
      deps.log.error("unhandled error", { requestId: c.var.requestId, path: c.req.path, error });
    }
    const message = status >= 500
      ? "Something went wrong on our side; the error is in the server log"
      : error.message;
    if (error instanceof HTTPException && error.res) return error.res;
    if (MACHINE_PATHS.test(c.req.path)) return c.json({ error: message }, status);
    return errorPage(c, status, message);
  });
  return app;
}
