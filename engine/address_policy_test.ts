import assert from "node:assert/strict";
import { checkAddress, resolveAndCheck } from "./address_policy.ts";

const open = { blockPrivate: false };
const strict = { blockPrivate: true };

Deno.test("checkAddress() always refuses link-local, metadata and unspecified addresses", () => {
  const cases: [string, string][] = [
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["fe80::1", "link-local"],
    ["febf:ffff::1", "link-local"],
    ["[fe80::1%eth0]", "link-local"],
    ["fd00:ec2::254", "cloud metadata"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["64:ff9b::169.254.169.254", "link-local"],
    ["::ffff:0.0.0.0", "unspecified"],
  ];
  for (const [ip, reason] of cases) {
    assert.equal(checkAddress(ip, open), reason, ip);
    assert.equal(checkAddress(ip, strict), reason, ip);
  }
});

Deno.test("checkAddress() allows loopback and private ranges unless blockPrivate is set", () => {
  const cases: [string, string][] = [
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared (CGNAT)"],
    ["100.127.255.255", "shared (CGNAT)"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:c0a8:101", "private"],
  ];
  for (const [ip, reason] of cases) {
    assert.equal(checkAddress(ip, open), null, ip);
    assert.equal(checkAddress(ip, strict), reason, ip);
  }
});

Deno.test("checkAddress() allows public addresses next to the blocked ranges", () => {
  for (
    const ip of [
      "8.8.8.8",
      "172.15.255.255",
      "172.32.0.1",
      "100.63.255.255",
      "100.128.0.1",
      "169.253.1.1",
      "1.0.0.0",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
      "198.17.255.255",
      "198.20.0.1",
      "223.255.255.255",
      "64:ff9b:2::1",
    ]
  ) {
    assert.equal(checkAddress(ip, strict), null, ip);
  }
  assert.equal(checkAddress("not-an-ip", open), "not an IP address");
  assert.equal(checkAddress("1.2.3", open), "not an IP address");
});

Deno.test("resolveAndCheck() checks literal IPs, localhost and every resolved address", async () => {
  const noDns = () => Promise.reject(new Error("no DNS in this test"));
  assert.deepEqual(
    await resolveAndCheck("169.254.169.254", { ...open, resolve: noDns }),
    {
      error: "Refused address 169.254.169.254: link-local",
    },
  );
  assert.deepEqual(
    await resolveAndCheck("[::1]", { ...open, resolve: noDns }),
    { ip: "::1" },
  );
  assert.deepEqual(
    await resolveAndCheck("localhost", { ...strict, resolve: noDns }),
    {
      error: "Refused address 127.0.0.1: loopback",
    },
  );
  const twoAddresses = () => Promise.resolve(["93.184.215.14", "169.254.169.254"]);
  assert.deepEqual(
    await resolveAndCheck("shop.example.com", {
      ...open,
      resolve: twoAddresses,
    }),
    {
      error: "Refused address 169.254.169.254: link-local",
    },
  );
  const publicOnly = () => Promise.resolve(["93.184.215.14"]);
  assert.deepEqual(
    await resolveAndCheck("shop.example.com", {
      ...strict,
      resolve: publicOnly,
    }),
    { ip: "93.184.215.14" },
  );
  assert.deepEqual(
    await resolveAndCheck("nowhere.invalid", { ...open, resolve: noDns }),
    {
      error: 'Cannot resolve host "nowhere.invalid"',
    },
  );
});

Deno.test("checkAddress() refuses the ranges the audit found missing: NAT64 local use, site-local, benchmarking, multicast, broadcast", () => {
  const always: [string, string][] = [
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["::ffff:224.0.0.251", "multicast"],
  ];
  for (const [ip, reason] of always) {
    assert.equal(checkAddress(ip, open), reason, ip);
    assert.equal(checkAddress(ip, strict), reason, ip);
  }
  const blocked: [string, string][] = [
    ["64:ff9b:1::a00:1", "local NAT64"],
    ["fec0::1", "private"],
    ["feff:ffff::1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
  ];
  for (const [ip, reason] of blocked) {
    assert.equal(checkAddress(ip, open), null, ip);
    assert.equal(checkAddress(ip, strict), reason, ip);
  }
});
