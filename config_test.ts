import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "chatwire-config-" });
}

Deno.test("loadConfig() gives working defaults with nothing set", async () => {
  const dir = await tempDir();
  const config = await loadConfig({ CHATWIRE_DATA_DIR: dir });
  assert.equal(config.port, 8080);
  assert.equal(config.host, "0.0.0.0");
  assert.equal(config.databaseUrl, `file:${dir}/chatwire.db`);
  assert.equal(config.publicUrl, "http://localhost:8080");
  assert.equal(config.whatsappGraphUrl, "https://graph.facebook.com");
  assert.equal(config.whatsappGraphVersion, "v26.0");
  assert.equal(config.blockPrivateNetworks, false);
  assert.equal(config.logLevel, "info");
  assert.ok(Object.isFrozen(config));
});

Deno.test("loadConfig() generates the secret once into secret.key with mode 0600", async () => {
  const dir = await tempDir();
  const first = await loadConfig({ CHATWIRE_DATA_DIR: dir });
  const second = await loadConfig({ CHATWIRE_DATA_DIR: dir });
  assert.equal(first.secret, second.secret);
  assert.match(first.secret, /^[0-9a-f]{64}$/);
  const info = await Deno.stat(`${dir}/secret.key`);
  assert.equal(info.mode! & 0o777, 0o600);
});

const BAD: [Record<string, string>, RegExp][] = [
  [{ PORT: "eighty" }, /^Invalid PORT: must be a whole number$/],
  [{ PORT: "70000" }, /^Invalid PORT: must be between 0 and 65535$/],
  [{ DATABASE_URL: "postgres://x" }, /^Invalid DATABASE_URL: must start with file:/],
  [{ CHATWIRE_SECRET: "short" }, /^Invalid CHATWIRE_SECRET: must be at least 32 characters$/],
  [{ CHATWIRE_PUBLIC_URL: "example.com" }, /^Invalid CHATWIRE_PUBLIC_URL: /],
  [{ WHATSAPP_GRAPH_VERSION: "26" }, /^Invalid WHATSAPP_GRAPH_VERSION: must look like "v26.0"$/],
  [
    { CHATWIRE_BLOCK_PRIVATE_NETWORKS: "yes" },
    /^Invalid CHATWIRE_BLOCK_PRIVATE_NETWORKS: must be true or false$/,
  ],
  [{ CHATWIRE_TRUST_PROXY: "maybe" }, /^Invalid CHATWIRE_TRUST_PROXY: must be true or false$/],
  [{ LOG_LEVEL: "loud" }, /^Invalid LOG_LEVEL: must be debug, info, warn or error$/],
];

for (const [env, message] of BAD) {
  Deno.test(`loadConfig() refuses ${Object.entries(env)[0].join("=")} with one line naming the variable`, async () => {
    const dir = await tempDir();
    await assert.rejects(loadConfig({ CHATWIRE_DATA_DIR: dir, ...env }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, message);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  });
}

Deno.test("loadConfig() reads every documented variable", async () => {
  const config = await loadConfig({
    PORT: "9000",
    HOST: "127.0.0.1",
    DATABASE_URL: "libsql://db.example.com",
    DATABASE_AUTH_TOKEN: "tok",
    CHATWIRE_SECRET: "x".repeat(40),
    CHATWIRE_ADMIN_TOKEN: "admin-token-0123456789",
    CHATWIRE_PUBLIC_URL: "https://bot.example.com/",
    WHATSAPP_GRAPH_URL: "http://127.0.0.1:1234",
    WHATSAPP_GRAPH_VERSION: "v25.0",
    CHATWIRE_BLOCK_PRIVATE_NETWORKS: "true",
    CHATWIRE_TRUST_PROXY: "true",
    LOG_LEVEL: "warn",
  });
  assert.equal(config.port, 9000);
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.databaseUrl, "libsql://db.example.com");
  assert.equal(config.databaseAuthToken, "tok");
  assert.equal(config.adminToken, "admin-token-0123456789");
  assert.equal(config.publicUrl, "https://bot.example.com");
  assert.equal(config.whatsappGraphUrl, "http://127.0.0.1:1234");
  assert.equal(config.whatsappGraphVersion, "v25.0");
  assert.equal(config.blockPrivateNetworks, true);
  assert.equal(config.trustProxy, true);
  assert.equal(config.logLevel, "warn");
});
