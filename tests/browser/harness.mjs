// What the browser tests share: arguments, the skip convention, the test server and Chromium.
//
// A test is run as `node <test>.mjs --server <cadre_test_serve> --corpus <corpus dir>`. It exits
// 77 (CTest SKIP_RETURN_CODE) with the reason when Chromium or the Node packages (and the
// network to install them) are missing.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = join(here, "artifacts");
const SKIP = 77;
const chromiumPath = process.env.CADRE_CHROMIUM || "/usr/bin/chromium";
const PACKAGES = ["playwright-core", "axe-core"];

export function skip(reason) {
  console.log(`SKIPPED: ${reason}`);
  process.exit(SKIP);
}

/// --name value pairs of the command line.
export function parseArgs(usage) {
  const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 ? pairs : pairs.concat([[v.replace(/^--/, ""), all[i + 1]]])), []));
  if (!args.server || !args.corpus) {
    console.error(`usage: ${usage} --server <cadre_test_serve> --corpus <corpus dir>`);
    process.exit(2);
  }
  return args;
}

async function loadPlaywright() {
  if (!PACKAGES.every((name) => existsSync(join(here, "node_modules", name)))) {
    console.log("installing the test packages (npm ci)…");
    const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit", timeout: 180000 });
    if (npm.status !== 0) skip(`${PACKAGES.join(" or ")} is not installed and \`npm ci\` failed (no network to the npm registry?)`);
  }
  return (await import("playwright-core")).chromium;
}

async function startServer(serverBinary, corpus, dataDir) {
  const child = spawn(serverBinary, [dataDir, corpus], { stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  createInterface({ input: child.stderr }).on("line", (line) => log.push(line));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the test server did not start in 120 s")), 120000);
    createInterface({ input: child.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`the test server exited (${code}):\n${log.join("\n")}`)));
  });
  return { child, url };
}

/// Starts the test server on the corpus and Chromium at desktop size, runs `body({ url, page })`,
/// and always stops both. Console errors and page errors are collected in `problems`.
/// `options` are added to Playwright's context options, except `needsClauses`: the test walks
/// clause texts and is skipped, saying why, when the build has none (no source texts).
export async function withBrowser(args, body, options = {}) {
  if (!existsSync(chromiumPath)) skip(`no Chromium at ${chromiumPath} (install the Debian package chromium, or set CADRE_CHROMIUM)`);
  const chromium = await loadPlaywright();
  mkdirSync(artifacts, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "cadre-browser-"));
  const server = await startServer(args.server, args.corpus, join(work, "data"));
  const { needsClauses = false, ...contextOptions } = options;
  if (needsClauses && (await (await fetch(server.url + "api/v1/meta")).json()).counts.clauses === 0) {
    server.child.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
    skip("the build has no clauses, so its clause dialogs cannot open: put the source texts in ../shared/sources or set CADRE_SOURCES");
  }
  const context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
    viewport: { width: 1400, height: 1000 },
    ...contextOptions,
  });
  const problems = [];
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()} (${m.location().url})`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  try {
    await body({ url: server.url, page, problems, work });
  } finally {
    await context.close();
    server.child.kill("SIGTERM");
    rmSync(work, { recursive: true, force: true });
  }
}

/// Runs one named step of a test, printing its name and "ok" when it passes.
export async function step(name, body) {
  process.stdout.write(`- ${name} … `);
  await body();
  console.log("ok");
}

/// Closes the open clause dialog with Escape and waits until it is closed and its history entry
/// gone: closing goes back over that entry, and a navigation started before the back completes
/// is aborted by it.
export async function closeClauseDialog(page) {
  await page.keyboard.press("Escape");
  await page.waitForSelector("#clause-dialog:not([open])", { state: "attached" });
  await page.waitForFunction(() => !location.search.includes("clause="));
}

/// Runs `main`, exiting 1 with the error when it throws.
export function run(main) {
  main().catch((error) => {
    // The stack names the step's line; some errors from the browser carry only a name.
    console.error(error?.stack || error);
    process.exit(1);
  });
}
