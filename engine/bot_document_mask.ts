/** Secret masking for exports and pages (DESIGN §4 Secrets). */
import { type BotDocument, SECRET_MASK } from "./types.ts";

/** A copy with every secret (auth token, key value, password, client secret) replaced by `SECRET_MASK`. */
export function maskSecrets(document: BotDocument): BotDocument {
  return {
    ...document,
    apis: document.apis.map((api) => {
      const auth = api.auth;
      const mask = (s: string) => s === "" ? s : SECRET_MASK;
      switch (auth.type) {
        case "bearer":
          return { ...api, auth: { ...auth, token: mask(auth.token) } };
        case "apiKey":
          return { ...api, auth: { ...auth, value: mask(auth.value) } };
        case "basic":
          return { ...api, auth: { ...auth, password: mask(auth.password) } };
        case "oauth2":
          return { ...api, auth: { ...auth, clientSecret: mask(auth.clientSecret) } };
        default:
          return api;
      }
    }),
  };
}
