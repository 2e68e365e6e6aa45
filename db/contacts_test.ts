import assert from "node:assert/strict";
import { countContacts, findContact, listContacts } from "./contacts.ts";
import { contacts } from "./schema.ts";
import { withDb } from "./testing.ts";

Deno.test("listContacts() and countContacts() leave out simulator contacts, with or without a search", async () => {
  await withDb(async (db) => {
    await db.insert(contacts).values([
      { key: "15550001111", waId: "15550001111", name: "Ada Lovelace", updatedAt: 1 },
      { key: "US.42", waId: "15550002222", userId: "US.42", name: "Alan Turing", updatedAt: 2 },
      { key: "sim:1:1", name: "Ada (simulator)", updatedAt: 3 },
      { key: "sim:2:1", name: "Simulated 1555", updatedAt: 4 },
    ]);
    assert.deepEqual((await listContacts(db)).map((c) => c.key), ["US.42", "15550001111"]);
    assert.equal(await countContacts(db), 2);
    assert.deepEqual((await listContacts(db, { search: "Ada" })).map((c) => c.key), ["15550001111"]);
    assert.equal(await countContacts(db, { search: "Ada" }), 1);
    assert.deepEqual((await listContacts(db, { search: "sim:" })).map((c) => c.key), []);
    assert.equal(await countContacts(db, { search: "sim" }), 0);
    assert.deepEqual((await listContacts(db, { search: "1555" })).map((c) => c.key), [
      "US.42",
      "15550001111",
    ]);
  });
});

Deno.test("findContact() finds by key, wa_id or user_id but never a simulator contact", async () => {
  await withDb(async (db) => {
    await db.insert(contacts).values([
      { key: "US.42", waId: "15550002222", userId: "US.42", name: "Alan Turing" },
      { key: "sim:1:1", name: "Admin trying bot 1" },
    ]);
    assert.equal((await findContact(db, "15550002222"))?.name, "Alan Turing");
    assert.equal((await findContact(db, "US.42"))?.name, "Alan Turing");
    assert.equal(await findContact(db, "sim:1:1"), undefined);
    assert.equal(await findContact(db, "nobody"), undefined);
  });
});
