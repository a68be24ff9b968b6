// Drives the ExpertBot tab in headless Chromium as a product manager, in each theme: signs in (local demo sign-in),
// filters the board, opens an idea, changes its status with a response, merges another idea into it, looks at the insights
// (and downloads their CSV by keyboard) and the admin page; runs axe-core on every page view and writes a screenshot of each.
// Then, as an agent (no role), opens the Insights and Admin tabs directly: each says it is not for their role.
// Usage: node browse.js <bot base url> <pm user id> <merge-from idea number> <screenshot dir> <agent user id>
//   -> {"views": [{"theme","page","violations":[{"id","impact","help"}]}], "saved": bool, "merged": bool, "boardRows": n}
'use strict';
const fs = require('fs');
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const { chromium } = require(path.join(modules, 'playwright-core'));
const axeSource = fs.readFileSync(path.join(modules, 'axe-core', 'axe.min.js'), 'utf8');

const [base, pm, mergeFrom, outDir, agent] = process.argv.slice(2);

const result = { views: [], saved: false, merged: false, boardRows: 0, denied: {} };

// axe-core on the page as it is now, and a screenshot of it.
async function checkOn(page, dir, theme, name) {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })));
  await page.screenshot({ path: path.join(dir, name + '.png'), fullPage: true });
  result.views.push({ theme, page: name, violations: found });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    for (const theme of ['default', 'dark', 'contrast']) {
      const dir = path.join(outDir, theme);
      fs.mkdirSync(dir, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors = [];
      page.on('pageerror', e => errors.push(String(e)));
      const check = name => checkOn(page, dir, theme, name);
      await page.goto(`${base}/tab/ideas?theme=${theme}`);
      await page.getByLabel('Person').waitFor();
      await check('sign-in');
      await page.getByLabel('Person').selectOption(pm);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#board-rows tr').first().waitFor();
      if (theme === 'default') result.boardRows = await page.locator('#board-rows tr').count();
      await check('board');
      // Filter: only New ideas, sorted by customers.
      await page.locator('#f-status').selectOption('New');
      await page.getByLabel('Sort by').selectOption('customers');
      await page.waitForFunction(() => document.getElementById('board-caption').textContent.match(/^\d+ ideas?$/));
      if (theme === 'default') {
        // Open the first idea, plan it with a response, then merge the duplicate into it.
        await page.locator('#board-rows tr button').filter({ hasNotText: mergeFrom + ':' }).first().click();
        await page.locator('#detail h2').waitFor();
        const target = (await page.locator('#detail h2').textContent()).split(':')[0];
        await check('idea');
        await page.locator('#d-status').selectOption('Planned');
        await page.locator('#d-response').fill('Planned for the March release.');
        await page.getByRole('button', { name: 'Save and tell the agents' }).click();
        await page.locator('#notice.ok').waitFor();
        result.saved = (await page.locator('#notice').textContent()).startsWith('Saved');
        result.target = target;
        await page.getByRole('button', { name: 'Back to the board' }).click();
        await page.locator('#f-status').selectOption('');
        await page.locator('#board-rows tr button', { hasText: mergeFrom + ':' }).click();
        await page.locator('#detail h2').waitFor();
        await page.getByLabel('Merge this idea into').fill(target);
        await page.getByRole('button', { name: 'Merge', exact: true }).click();
        await page.locator('#notice.ok').waitFor();
        result.merged = (await page.locator('#notice').textContent()).includes('Merged into ' + target);
      } else {
        await page.locator('#board-rows tr button').first().click();
        await page.locator('#detail h2').waitFor();
        await check('idea');
      }
      await page.getByRole('button', { name: 'My items' }).click();
      await page.locator('#my-ideas li').first().waitFor();
      await check('my-items');
      // Insights: charts (Chart.js from npm) with their summaries and tables; then the admin page.
      await page.getByRole('button', { name: 'Insights', exact: true }).click();
      await page.locator('#i-charts figure').first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll('#i-charts canvas').length > 0);
      await check('insights');
      if (theme === 'default') {
        result.insights = await page.evaluate(() => ({
          chartJs: !!window.Chart,
          charts: document.querySelectorAll('#i-charts canvas').length,
          drawn: [...document.querySelectorAll('#i-charts canvas')].filter(c => window.Chart && window.Chart.getChart(c)).length,
          tables: document.querySelectorAll('#i-charts figure table').length,
          named: [...document.querySelectorAll('#i-charts canvas')].every(c => c.getAttribute('role') === 'img' && c.getAttribute('aria-label').length > 20),
          funnel: [...document.querySelectorAll('#i-charts figure')].find(f => f.querySelector('figcaption').textContent === 'Idea funnel')?.querySelector('.summary').textContent || '',
        }));
        // Keyboard: from the pool filter, Tab reaches the CSV download (through the dates' day, month and year); Enter downloads it.
        await page.locator('#i-pool').focus();
        let presses = 0;
        while (presses < 15 && await page.evaluate(() => document.activeElement.id) !== 'i-csv') { await page.keyboard.press('Tab'); presses++; }
        const downloading = page.waitForEvent('download');
        await page.keyboard.press('Enter');
        const download = await downloading;
        result.csv = { name: download.suggestedFilename(), head: fs.readFileSync(await download.path(), 'utf8').split('\r\n')[0] };
      }
      await page.getByRole('button', { name: 'Admin', exact: true }).click();
      await page.locator('#a-pools table').waitFor();
      await check('admin');
      if (theme === 'default') result.adminPools = await page.locator('#a-pools tbody tr').count();
      await page.close();

      // An agent opening the Insights and Admin tabs (their own entries in the manifest) is told they are not for them.
      const other = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      other.on('pageerror', e => errors.push(String(e)));
      await other.goto(`${base}/tab/insights?theme=${theme}`);
      await other.getByLabel('Person').selectOption(agent);
      await other.getByRole('button', { name: 'Sign in' }).click();
      for (const view of ['insights', 'admin']) {
        if (view === 'admin') await other.goto(`${base}/tab/admin?theme=${theme}`);
        await other.locator('#denied').waitFor();
        await checkOn(other, dir, theme, view + '-denied');
        if (theme === 'default') {
          result.denied[view] = {
            title: await other.locator('#denied-title').textContent(), text: await other.locator('#denied-text').textContent(),
            chartsShown: await other.locator('#insights').isVisible(), adminShown: await other.locator('#admin').isVisible(),
          };
        }
      }
      await other.getByRole('button', { name: 'Open My items' }).click();
      await other.locator('#my').waitFor();
      if (theme === 'default') result.denied.myItems = await other.locator('#my h2').textContent();
      await other.close();
      result.views.push({ theme, page: 'errors', violations: errors.map(e => ({ id: 'page-error', impact: 'critical', help: e })) });
    }
    process.stdout.write(JSON.stringify(result));
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e); process.exit(1); });
