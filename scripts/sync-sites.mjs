// Everything that lists the sites, derived from the site files (extension/sites/*.js through the
// registry in extension/lib/sites.js): the manifest's content scripts, host permissions and
// web-accessible matches, and the platform enum of the blocklist schema. Checked, not written: the
// registry lists every site file (and nothing else), each file registers the platform its name
// says, every locale names every site (site_<platform>) and no other, and every site has its
// fixture pages and the contract its tests run (tests/fixtures/<platform>/contract.json).
//
//   node scripts/sync-sites.mjs          write the derived files (./dev sync-sites)
//   node scripts/sync-sites.mjs --check  fail when anything is missing or stale (./dev lint)
// NC_EXTENSION_DIR / NC_SCHEMA_DIR / NC_FIXTURES_DIR point it at a copy (tests use that to show
// that it fails when a piece of a new site is missing).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const EXTENSION = resolve(process.env.NC_EXTENSION_DIR || join(ROOT, "extension"));
const SCHEMAS = resolve(process.env.NC_SCHEMA_DIR || join(ROOT, "shared", "schemas"));
const FIXTURES = resolve(process.env.NC_FIXTURES_DIR || join(ROOT, "tests", "fixtures"));
const check = process.argv.includes("--check");

const { PLATFORMS, allSites, CONTENT_CSS, contentScriptFiles } = await import(
  pathToFileURL(join(EXTENSION, "lib", "sites.js")).href
);

/** @type {string[]} */
const problems = [];

// --- the registry and the site files agree ---------------------------------------------------------
const registryText = readFileSync(join(EXTENSION, "lib", "sites.js"), "utf8");
const imported = [...registryText.matchAll(/^import "\.\.\/sites\/([\w-]+)\.js";$/gm)].map((m) => m[1]);
const files = readdirSync(join(EXTENSION, "sites"))
  .filter((name) => name.endsWith(".js"))
  .map((name) => name.slice(0, -3));
for (const name of files) {
  if (!imported.includes(name)) problems.push(`extension/lib/sites.js does not import sites/${name}.js`);
}
for (const name of imported) {
  if (!files.includes(name)) problems.push(`extension/lib/sites.js imports sites/${name}.js, which does not exist`);
}
if (imported.length !== PLATFORMS.length) {
  problems.push(`${imported.length} site files are imported but ${PLATFORMS.length} registered`);
}
imported.forEach((name, i) => {
  if (PLATFORMS[i] !== name) problems.push(`sites/${name}.js registers the platform "${PLATFORMS[i]}"`);
});

// --- the manifest ------------------------------------------------------------------------------------
const fixedSites = allSites().filter((site) => !site.userHosts);
const matchesOf = (/** @type {{hosts: string[]}} */ site) => site.hosts.map((host) => `https://${host}/*`);
for (const site of allSites()) {
  if (site.userHosts && site.hosts.length) problems.push(`sites/${site.platform}.js has userHosts and fixed hosts`);
  if (!site.userHosts && !site.hosts.length) problems.push(`sites/${site.platform}.js has no hosts`);
}
const everyMatch = fixedSites.flatMap(matchesOf);

/** @param {any} manifest */
function deriveManifest(manifest) {
  const others = (manifest.web_accessible_resources || []).slice(1);
  return {
    ...manifest,
    host_permissions: everyMatch,
    content_scripts: fixedSites.map((site) => ({
      matches: matchesOf(site),
      js: contentScriptFiles(site),
      css: [...CONTENT_CSS],
      run_at: "document_start",
    })),
    // Firefox's redirect rules reach the interstitial only if it is web-accessible to the site: the
    // fixed sites, no others. Chromium's build drops the entry (scripts/browser_manifests.py).
    web_accessible_resources: [{ ...(manifest.web_accessible_resources?.[0] || {}), matches: everyMatch }, ...others],
  };
}

// --- the schema --------------------------------------------------------------------------------------
/** @param {any} schema */
function deriveSchema(schema) {
  return { ...schema, $defs: { ...schema.$defs, platform: { enum: [...PLATFORMS] } } };
}

/**
 * Compare a JSON file with what it should be; write it (same indentation) or report it.
 * @param {string} path @param {(data: any) => any} derive
 */
function sync(path, derive) {
  const text = readFileSync(path, "utf8");
  const indent = /^\{\n( +)"/.exec(text)?.[1].length ?? 2;
  const wanted = `${JSON.stringify(derive(JSON.parse(text)), null, indent)}\n`;
  if (wanted === text) return;
  if (check) problems.push(`${path.replace(`${ROOT}/`, "")} is stale: run ./dev sync-sites`);
  else {
    writeFileSync(path, wanted);
    console.log(`wrote ${path.replace(`${ROOT}/`, "")}`);
  }
}

sync(join(EXTENSION, "manifest.json"), deriveManifest);
// Every document schema that names sites has the same platform enum.
for (const name of ["blocklist", "records"]) sync(join(SCHEMAS, `${name}.schema.json`), deriveSchema);

// --- the locales name every site --------------------------------------------------------------------
for (const locale of readdirSync(join(EXTENSION, "_locales"))) {
  const messages = JSON.parse(readFileSync(join(EXTENSION, "_locales", locale, "messages.json"), "utf8"));
  for (const platform of PLATFORMS) {
    if (!messages[`site_${platform}`]) problems.push(`_locales/${locale} has no site_${platform}`);
  }
  for (const key of Object.keys(messages)) {
    const platform = /^site_(\w+)$/.exec(key)?.[1];
    if (platform && !PLATFORMS.includes(platform)) problems.push(`_locales/${locale} names no site: ${key}`);
  }
}

// --- every site has its fixtures and contract ----------------------------------------------------
for (const platform of PLATFORMS) {
  if (!existsSync(join(FIXTURES, platform, "contract.json"))) {
    problems.push(`tests/fixtures/${platform}/contract.json is missing (the site contract's data)`);
  }
}

for (const problem of problems) console.error(`sync-sites: ${problem}`);
if (problems.length) process.exit(1);
if (check) console.log(`sync-sites: ${PLATFORMS.length} sites, every list derived from them is current`);
