// Prints a page to PDF with headless Chromium on the paper a print dialog
// would pick (the page's CSS sets none), and prints the PDF's size as JSON:
//   node print-pdf.mjs CHROMIUM URL A4|Letter OUT.pdf
import { statSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [chromium, url, paper, out] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.pdf({ path: out, format: paper, preferCSSPageSize: false });
} finally {
  await browser.close();
}
console.log(JSON.stringify({ bytes: statSync(out).size }));
