/**
 * Real Chromium for page tests: Debian's /usr/bin/chromium driven by
 * playwright-core (never a downloaded browser).
 */
import { type Browser, chromium, type Page } from "playwright-core";
import type { TestServer } from "./harness.ts";
import { TEST_EMAIL, TEST_PASSWORD } from "./harness.ts";

export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** Launches headless Chromium with the flags this sandbox needs. */
export async function launchBrowser(): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** Saves a full-page screenshot under tests/screenshots/ (kept out of git). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = new URL("./screenshots/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  const path = new URL(`${name}.png`, dir).pathname;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Logs in through the login page (the owner must exist: see signIn/createUser). */
export async function logIn(page: Page, server: TestServer, email = TEST_EMAIL, password = TEST_PASSWORD) {
  await page.goto(`${server.url}/login`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith("/login")),
    page.click("button[type=submit]"),
  ]);
}

/** Collects page errors and failed console messages so a test can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return errors;
}
