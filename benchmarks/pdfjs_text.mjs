// pdf.js's text of each PDF, one JSON line per file: the text items' strings joined the way its find
// bar joins them (no separator; a newline where an item ends a line).
// node benchmarks/pdfjs_text.mjs <folder holding node_modules/pdfjs-dist> a.pdf b.pdf ...
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const [root, ...files] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(path.join(root, "node_modules/pdfjs-dist/legacy/build/pdf.mjs")).href);
for (const file of files) {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
  const lines = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const content = await (await doc.getPage(number)).getTextContent();
    lines.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  }
  await doc.destroy();
  process.stdout.write(JSON.stringify({ path: file, text: lines.join("\n") }) + "\n");
}
