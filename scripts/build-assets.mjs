// Build the front-end assets into livingwell/static/build/ from the npm packages (nothing
// third-party is copied into the repository): NHS.UK frontend compiled without its remote
// font-face, its ES module and images, and htmx 2.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const out = join(root, "livingwell", "static", "build");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const nhsukVersion = require("nhsuk-frontend/package.json").version;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "livingwell", "static", "src", "livingwell.scss"), {
  loadPaths: [join(root, "node_modules"), join(root, "livingwell", "static", "src")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "livingwell.css"), css.css);

cpSync(join(nhsuk, `nhsuk-frontend-${nhsukVersion}.min.js`), join(out, "nhsuk-frontend.min.js"));
cpSync(join(nhsuk, "assets"), join(out, "assets"), { recursive: true });
cpSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));
console.log(`built assets into ${out} (nhsuk-frontend ${nhsukVersion})`);
