// Opens pages of a rendered handbook on a 360 px wide phone screen in
// headless Chromium and prints what tests/suite/handbook_phone.rs checks, as JSON:
//   node phone.mjs CHROMIUM FOLDER PAGE...
// For each page: the page's scroll width and the viewport's width; on an
// SOP page, where the link to the full-screen flowchart, the flowchart and
// the steps start, and, once that link is followed, the box the chart
// fills, the smallest text of the chart and the body text, in CSS px.
import { pathToFileURL } from "node:url";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [chromium, folder, ...pages] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const widths = () => ({
  scrollWidth: document.documentElement.scrollWidth,
  viewportWidth: document.documentElement.clientWidth,
});
const report = {};
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 640, isMobile: true, hasTouch: true });
  for (const name of pages) {
    await page.goto(pathToFileURL(path.join(folder, name)).href, { waitUntil: "load" });
    const result = await page.evaluate(widths);
    const open = await page.$("p.chart-open a");
    if (open) {
      result.linkTop = await page.$eval("p.chart-open", (e) => e.getBoundingClientRect().top + scrollY);
      result.chartTop = await page.$eval("figure.flowchart", (e) => e.getBoundingClientRect().top + scrollY);
      result.stepsTop = await page.$eval("ol.steps", (e) => e.getBoundingClientRect().top + scrollY);
      await open.click();
      result.fullScreen = await page.$eval("figure.flowchart", (figure) => {
        const box = figure.getBoundingClientRect();
        const svg = figure.querySelector("svg");
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const sizes = [...svg.querySelectorAll("text")].map(
          (text) => parseFloat(text.closest("[font-size]").getAttribute("font-size")) * scale,
        );
        return {
          box: [box.left, box.top, box.width, box.height],
          smallestText: Math.min(...sizes),
          bodyText: parseFloat(getComputedStyle(document.body).fontSize),
        };
      });
      Object.assign(result.fullScreen, await page.evaluate(widths));
    }
    report[name] = result;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
