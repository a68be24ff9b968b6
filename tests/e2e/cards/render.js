// Renders bound cards with the official adaptivecards renderer in headless Chromium and reports every parse
// warning, validation event and exception; writes one PNG screenshot per card.
// Usage: node render.js <hostConfig.json> <cards.json: [{"name", "card"}]> <screenshot dir>
//   -> [{"name", "problems": [...], "screenshot"}]
'use strict';
const fs = require('fs');
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));

const hostConfig = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const cards = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const outDir = process.argv[4];
fs.mkdirSync(outDir, { recursive: true });

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 480, height: 800 } });
    const pageErrors = [];
    page.on('pageerror', e => pageErrors.push(String(e)));
    await page.setContent('<!doctype html><html><body style="margin:0;background:#f5f5f5"><div id="card" style="width:440px;padding:10px"></div></body></html>');
    await page.addScriptTag({ path: path.join(modules, 'adaptivecards', 'dist', 'adaptivecards.min.js') });
    const results = [];
    for (const { name, card } of cards) {
      pageErrors.length = 0;
      const problems = await page.evaluate(({ card, hostConfig }) => {
        const AC = window.AdaptiveCards;
        const problems = [];
        const describe = e => `${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`;
        try {
          const adaptiveCard = new AC.AdaptiveCard();
          adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
          const context = new AC.SerializationContext();
          adaptiveCard.parse(card, context);
          for (let i = 0; i < context.eventCount; i++) problems.push('parse ' + describe(context.getEventAt(i)));
          for (const e of adaptiveCard.validateProperties().validationEvents) problems.push('validate ' + describe(e));
          const element = adaptiveCard.render();
          if (!element) problems.push('render returned nothing');
          const host = document.getElementById('card');
          host.innerHTML = '';
          if (element) host.appendChild(element);
        } catch (e) {
          problems.push('exception: ' + e);
        }
        return problems;
      }, { card, hostConfig });
      const screenshot = path.join(outDir, name + '.png');
      await page.locator('#card').screenshot({ path: screenshot });
      results.push({ name, problems: problems.concat(pageErrors.map(e => 'page error: ' + e)), screenshot });
    }
    process.stdout.write(JSON.stringify(results));
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
