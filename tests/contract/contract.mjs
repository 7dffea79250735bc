// Contract test: Cadre's HTTP API against schema/openapi.yaml, judged by tools that are not
// Cadre's own (tests/server/openapi_check.cpp is).
//
//   node contract.mjs --server <cadre_test_serve> --corpus <corpus dir> --spec <schema/openapi.yaml>
//
// Starts its own server (cadre_test_serve indexes the corpus, with the sources mirror, into a
// temporary directory, on 127.0.0.1 port 0), then:
// 1. the spec served at /api/v1/openapi.yaml is the file, byte for byte;
// 2. the spec is valid OpenAPI (@seriousme/openapi-schema-validator, the official JSON schemas)
//    and plain YAML without duplicate keys (yaml);
// 3. every example in it (parameters, bodies, headers) conforms to its schema (ajv);
// 4. every path is requested through Stoplight Prism's validating proxy (`prism proxy --errors`),
//    which checks each real answer's status, media type, headers and body against the spec:
//    with the examples of its parameters (one request per value of an `examples` map), again
//    with If-None-Match (304), with an unknown parameter (400), an unknown id (404), and as a
//    CORS preflight (204). The Content-Type must also be one of the spec's media types exactly,
//    parameters included;
// 5. what Prism cannot forward (other methods, a body, a byte range, oversized heads) is sent
//    to the server directly and the answer checked against the spec here with ajv.
// Exits 77 (CTest SKIP_RETURN_CODE) with the reason when the npm packages cannot be installed
// or the sources mirror the examples refer to is missing.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const SKIP = 77;
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 ? pairs : pairs.concat([[v.replace(/^--/, ""), all[i + 1]]])), []));

function skip(reason) {
  console.log(`SKIPPED: ${reason}`);
  process.exit(SKIP);
}

const failures = [];
let passed = 0;
function check(ok, what, detail = "") {
  if (ok) {
    passed += 1;
  } else {
    failures.push(detail ? `${what}\n    ${detail}` : what);
    console.log(`FAIL ${what}${detail ? `\n    ${detail}` : ""}`);
  }
  return ok;
}

async function loadPackages() {
  if (!existsSync(join(here, "node_modules", "@stoplight", "prism-cli"))) {
    console.log("installing the contract tools (npm ci)…");
    // --ignore-scripts: no install script is needed, and one of Prism's dependencies would
    // report the install to its vendor.
    const npm = spawnSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: here, stdio: "inherit", timeout: 300000, env: { ...process.env, SCARF_ANALYTICS: "false" },
    });
    if (npm.error || npm.status !== 0) skip("the contract tools are not installed and `npm ci` failed (no npm, or no network to the npm registry?)");
  }
  const [{ Validator }, { default: Ajv }, YAML] = await Promise.all([
    import("@seriousme/openapi-schema-validator"), import("ajv"), import("yaml"),
  ]);
  return { Validator, Ajv, YAML };
}

function sourcesMirror() {
  if (process.env.CADRE_SOURCES) return existsSync(process.env.CADRE_SOURCES) ? process.env.CADRE_SOURCES : null;
  const beside = resolve(root, "..", "shared", "sources");
  return existsSync(beside) ? beside : null;
}

/// Starts `command args`, resolves with the first stdout line matching `ready` (its match).
function start(command, argv, ready, what, options = {}) {
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"], ...options });
  const log = [];
  createInterface({ input: child.stderr }).on("line", (line) => log.push(line));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in 120 s:\n${log.join("\n")}`)), 120000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      log.push(line);
      const m = line.match(ready);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, match: m, log });
      }
    });
    child.once("exit", (code) => reject(new Error(`${what} exited (${code}):\n${log.join("\n")}`)));
  });
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/// One request on a fresh connection, as bytes; the answer parsed (the server closes refused
/// connections, and every answer here has a Content-Length).
function raw(port, request) {
  return new Promise((resolveRaw, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks = [];
    socket.setTimeout(10000, () => socket.destroy(new Error("no answer within 10 s")));
    socket.on("data", (chunk) => {
      chunks.push(chunk);
      const answer = parse(Buffer.concat(chunks));
      if (answer) {
        socket.destroy();
        resolveRaw(answer);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => reject(new Error(`connection closed before a whole answer: ${Buffer.concat(chunks).toString().slice(0, 300)}`)));
    socket.write(request);
  });
}

function parse(bytes) {
  const end = bytes.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const [statusLine, ...headerLines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const headers = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? 0);
  if (bytes.length < end + 4 + length) return null;
  return { status: Number(statusLine.split(" ")[1]), headers, body: bytes.subarray(end + 4, end + 4 + length).toString("utf8") };
}

// ---- the spec ----

/// The JSON pointer `ref` ("#/components/...") in `spec`.
function deref(spec, value) {
  let v = value;
  while (v && v.$ref) v = v.$ref.slice(2).split("/").reduce((o, k) => o[k.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
  return v;
}

/// An ajv validator for `schema` within `spec` (OpenAPI 3.0 schemas are JSON Schema with
/// `example` as an annotation; $refs point into #/components/schemas).
function makeValidate(ajv, spec, schema) {
  return ajv.compile({ ...schema, components: spec.components });
}

function validateExamples(ajv, spec) {
  const seen = [];
  const checkOne = (where, schema, value) => {
    if (!schema) return;
    const validate = makeValidate(ajv, spec, schema);
    seen.push(where);
    check(validate(value), `example conforms to its schema: ${where}`, ajv.errorsText(validate.errors));
  };
  const checkExamples = (where, holder, schema) => {
    if ("example" in holder) checkOne(where, schema, holder.example);
    for (const [name, ex] of Object.entries(holder.examples ?? {})) checkOne(`${where} (${name})`, schema, deref(spec, ex).value);
  };
  const checkMedia = (where, content) => {
    for (const [media, m] of Object.entries(content ?? {})) checkExamples(`${where} ${media}`, m, m.schema);
  };
  const checkResponse = (where, response) => {
    const r = deref(spec, response);
    checkMedia(where, r.content);
    for (const [name, h] of Object.entries(r.headers ?? {})) {
      const header = deref(spec, h);
      checkExamples(`${where} header ${name}`, header, header.schema);
    }
  };
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op.responses) continue;
      for (const p of op.parameters ?? []) {
        const param = deref(spec, p);
        check("example" in param || "examples" in param, `${method.toUpperCase()} ${path} parameter ${param.name} has an example`);
        checkExamples(`${method.toUpperCase()} ${path} parameter ${param.name}`, param, param.schema);
      }
      for (const [status, response] of Object.entries(op.responses)) {
        const r = deref(spec, response);
        for (const [media, m] of Object.entries(r.content ?? {})) {
          const binary = m.schema?.format === "binary";
          check(binary || "example" in m || "examples" in m, `${method.toUpperCase()} ${path} ${status} ${media} has an example`);
        }
        checkResponse(`${method.toUpperCase()} ${path} ${status}`, r);
      }
    }
  }
  for (const [name, r] of Object.entries(spec.components.responses ?? {})) checkResponse(`components.responses.${name}`, r);
  return seen.length;
}

/// The spec with each path prefixed by its server's path (a path's own `servers` first, then
/// the document's), served from "/": Prism proxies to one upstream and matches paths without
/// their server, and /feed.atom lives beside /api/v1, not under it.
function rootedSpec(spec) {
  const base = (servers) => (servers?.[0]?.url ?? "/").replace(/\/$/, "");
  const paths = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    const { servers, ...rest } = item;
    paths[base(servers ?? spec.servers) + path] = rest;
  }
  return { ...spec, servers: [{ url: "/" }], paths };
}

/// The requests the examples make for one operation: path and query from each parameter's
/// `example`; a parameter with an `examples` map gives one request per value.
function exampleRequests(spec, path, op) {
  const params = (op.parameters ?? []).map((p) => deref(spec, p));
  const variants = [{}];
  for (const p of params) {
    if ("example" in p) {
      for (const v of variants) v[p.name] = p.example;
    } else if (p.examples) {
      const values = Object.values(p.examples).map((e) => deref(spec, e).value);
      const next = [];
      for (const v of variants) for (const value of values) next.push({ ...v, [p.name]: value });
      variants.splice(0, variants.length, ...next);
    }
  }
  return variants.map((values) => {
    let target = path;
    const query = new URLSearchParams();
    for (const p of params) {
      if (!(p.name in values)) continue;
      // A clause id holds slashes: sent encoded (%2F), as OpenAPI's simple style has it.
      if (p.in === "path") target = target.replace(`{${p.name}}`, encodeURIComponent(String(values[p.name])));
      else query.append(p.name, String(values[p.name]));
    }
    const q = query.toString();
    return { target: q ? `${target}?${q}` : target, values };
  });
}

/// A request for a 404: a path parameter's example made unknown ("-none" keeps it well-formed),
/// or, for an operation without one, a query parameter naming an unknown instrument.
function notFoundRequest(spec, path, op) {
  const [request] = exampleRequests(spec, path, op);
  const params = (op.parameters ?? []).map((p) => deref(spec, p));
  const inPath = params.find((p) => p.in === "path");
  if (inPath) {
    const example = encodeURIComponent(String(inPath.example));
    return request.target.replace(example, `${example}-none`);
  }
  const instrument = params.find((p) => p.in === "query" && /^[a-z-]+\/[a-z0-9-]+@\d{4}-\d\d-\d\d$/.test(String(p.example ?? "")));
  if (instrument) return request.target.replace(encodeURIComponent(instrument.example), encodeURIComponent(`zz/none@${instrument.example.split("@")[1]}`));
  return null;
}

async function main() {
  for (const name of ["server", "corpus", "spec"]) {
    if (!args[name]) {
      console.error("usage: node contract.mjs --server <cadre_test_serve> --corpus <corpus dir> --spec <schema/openapi.yaml>");
      process.exit(2);
    }
  }
  if (!sourcesMirror()) skip("the spec's examples name real clauses: this test needs the sources mirror (../shared/sources beside the repository, or $CADRE_SOURCES)");
  const { Validator, Ajv, YAML } = await loadPackages();

  const specText = readFileSync(args.spec, "utf8");
  // 2. Plain YAML (duplicate keys are errors) and valid OpenAPI.
  let spec;
  try {
    spec = YAML.parse(specText, { uniqueKeys: true });
    check(true, "the spec is YAML without duplicate keys");
  } catch (e) {
    check(false, "the spec is YAML without duplicate keys", e.message);
    throw new Error("cannot go on without the spec");
  }
  const validator = new Validator();
  const result = await validator.validate(structuredClone(spec));
  check(result.valid, `the spec is valid OpenAPI ${spec.openapi}`, JSON.stringify(result.errors, null, 1)?.slice(0, 4000));

  // 3. Examples conform to their schemas.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const examples = validateExamples(ajv, spec);
  console.log(`examples checked against their schemas: ${examples}`);

  const work = mkdtempSync(join(tmpdir(), "cadre-contract-"));
  const children = [];
  const stopAll = () => { for (const c of children) c.kill("SIGTERM"); };
  process.on("exit", () => { stopAll(); rmSync(work, { recursive: true, force: true }); });
  try {
    const server = await start(args.server, [join(work, "data"), args.corpus], /^(http:\/\/127\.0\.0\.1:(\d+)\/)$/, "the test server");
    children.push(server.child);
    const serverUrl = server.match[1];
    const serverPort = Number(server.match[2]);

    // 1. The spec as served.
    const served = await fetch(new URL("api/v1/openapi.yaml", serverUrl));
    check(served.status === 200 && served.headers.get("content-type") === "application/yaml",
      "GET /api/v1/openapi.yaml is 200 application/yaml", `${served.status} ${served.headers.get("content-type")}`);
    check((await served.text()) === specText, "the served spec is schema/openapi.yaml byte for byte");

    // 4. Every path through Prism's validating proxy.
    const rooted = rootedSpec(spec);
    const rootedFile = join(work, "openapi.json");
    writeFileSync(rootedFile, JSON.stringify(rooted));
    const prismPort = await freePort();
    const prismBin = join(here, "node_modules", "@stoplight", "prism-cli", "dist", "index.js");
    const prism = await start(process.execPath,
      [prismBin, "proxy", rootedFile, serverUrl, "--errors", "--cors=false", "--host", "127.0.0.1", "--port", String(prismPort)],
      /Prism is listening/, "prism", { env: { ...process.env, SCARF_ANALYTICS: "false", NO_COLOR: "1" } });
    children.push(prism.child);
    const prismUrl = `http://127.0.0.1:${prismPort}`;

    const viaPrism = async (method, target, headers = {}) => {
      const res = await fetch(prismUrl + target, { method, headers });
      const body = Buffer.from(await res.arrayBuffer());
      return { status: res.status, headers: res.headers, body };
    };
    const judge = (what, res, expected, documented) => {
      const violations = res.headers.get("sl-violations");
      check(res.status === expected && !violations, `${what} → ${expected}, as the spec says`,
        `got ${res.status}${violations ? `; Prism: ${violations}` : ""}${res.status !== expected ? `; ${res.body.toString("utf8").slice(0, 400)}` : ""}`);
      const type = res.headers.get("content-type");
      const media = Object.keys(deref(spec, documented)?.content ?? {});
      if (type && res.status === expected) {
        check(media.includes(type) || media.includes("*/*"), `${what}: Content-Type "${type}" is one of the spec's media types`, `documented: ${media.join(" | ")}`);
      }
    };

    let operations = 0;
    for (const [path, item] of Object.entries(rooted.paths)) {
      const op = item.get;
      operations += 1;
      const requests = exampleRequests(rooted, path, op);
      let etag = null;
      for (const { target } of requests) {
        const res = await viaPrism("GET", target);
        judge(`GET ${target}`, res, 200, op.responses["200"]);
        etag = etag ?? res.headers.get("etag");
      }
      const first = requests[0].target;
      if (op.responses["304"]) {
        check(etag !== null, `GET ${first} has an ETag (the spec lists 304)`);
        if (etag) judge(`GET ${first} with If-None-Match`, await viaPrism("GET", first, { "If-None-Match": etag }), 304, op.responses["304"]);
      }
      if (op.responses["400"]) {
        const target = first + (first.includes("?") ? "&" : "?") + "zz_unknown=1";
        judge(`GET ${target}`, await viaPrism("GET", target), 400, op.responses["400"]);
      }
      if (op.responses["404"]) {
        const target = notFoundRequest(rooted, path, op);
        if (check(target !== null, `GET ${path}: the examples give a way to ask for something unknown (404)`))
          judge(`GET ${target}`, await viaPrism("GET", target), 404, op.responses["404"]);
      }
      if (item.options) {
        const res = await viaPrism("OPTIONS", first.split("?")[0], {
          Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match",
        });
        judge(`OPTIONS ${first.split("?")[0]}`, res, 204, item.options.responses["204"]);
        check(res.headers.get("access-control-allow-origin") === "*", `OPTIONS ${path} allows any origin`);
      }
    }

    // 5. What Prism refuses or cannot forward, straight to the server; the answer is checked
    // against the spec's response for that path and status here.
    const directly = async (what, path, op, request, expected) => {
      const res = await raw(serverPort, request);
      const documented = op.responses[String(res.status)];
      if (!check(res.status === expected && documented, `${what} → ${expected}, documented for ${path}`, `got ${res.status}: ${res.body.slice(0, 300)}`)) return res;
      const response = deref(rooted, documented);
      const type = res.headers["content-type"];
      const media = response.content?.[type] ?? response.content?.["*/*"];
      check(media !== undefined, `${what}: Content-Type "${type}" is one of the spec's media types`, Object.keys(response.content ?? {}).join(" | "));
      if (media?.schema && type === "application/json" && res.status !== 206) {
        const validate = makeValidate(ajv, rooted, media.schema);
        check(validate(JSON.parse(res.body)), `${what}: the body conforms to the spec`, ajv.errorsText(validate.errors));
      }
      for (const name of Object.keys(response.headers ?? {})) {
        check(name.toLowerCase() in res.headers, `${what}: has the header ${name} the spec lists`);
      }
      return res;
    };
    for (const [path, item] of Object.entries(rooted.paths)) {
      const op = item.get;
      const target = exampleRequests(rooted, path, op)[0].target;
      const host = "Host: 127.0.0.1\r\n";
      await directly(`POST ${path}`, path, op, `POST ${target} HTTP/1.1\r\n${host}Content-Length: 0\r\n\r\n`, 405);
      await directly(`FOO ${path}`, path, op, `FOO ${target} HTTP/1.1\r\n${host}\r\n`, 501);
      await directly(`GET ${path} with a body`, path, op, `GET ${target} HTTP/1.1\r\n${host}Content-Length: 5\r\n\r\nhello`, 413);
      await directly(`GET ${path} with 80 headers`, path, op,
        `GET ${target} HTTP/1.1\r\n${host}${Array.from({ length: 80 }, (_, i) => `X-Filler-${i}: v\r\n`).join("")}\r\n`, 431);
      const long = target + (target.includes("?") ? "&" : "?") + "q=" + "a".repeat(9000);
      await directly(`GET ${path} with a 9 KB URI`, path, op, `GET ${long} HTTP/1.1\r\n${host}\r\n`, 414);
      if (op.responses["206"]) {
        await directly(`GET ${path} bytes 0-9`, path, op, `GET ${target} HTTP/1.1\r\n${host}Range: bytes=0-9\r\nConnection: close\r\n\r\n`, 206);
        await directly(`GET ${path} a range past the end`, path, op,
          `GET ${target} HTTP/1.1\r\n${host}Range: bytes=999999999-\r\nConnection: close\r\n\r\n`, 416);
      }
    }
    console.log(`operations requested: ${operations}`);
  } finally {
    stopAll();
  }
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
