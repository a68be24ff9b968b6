// Drives Web Chat in a real headless Chromium (Debian /usr/bin/chromium, never a downloaded one):
// opens the page, optionally types a message into the send box and waits for the bot's answer,
// takes a screenshot and prints what the user saw as one "RESULT {json}" line.
// Usage: node drive.js --url http://127.0.0.1:<port>/ --screenshot <file.png> --say <text>
'use strict';

const { chromium } = require('playwright-core');

function arg(name) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const url = arg('url');
const screenshot = arg('screenshot');
const say = arg('say');
const timeout = Number(arg('timeout') ?? 30000);
if (!url || !screenshot || !say) {
  console.error('usage: node drive.js --url <page> --screenshot <file.png> --say <text> [--timeout ms]');
  process.exit(2);
}

// The transcript as the user sees it: one entry per rendered activity, in display order.
// Class names are Web Chat 4.18.1's (pinned in tests/e2e/package.json).
function transcript() {
  return [...document.querySelectorAll('.webchat__basic-transcript__activity')].map((item) => ({
    fromUser: item.querySelector('.webchat__bubble--from-user') !== null,
    // Bubble contents only: the item also holds screen-reader text ("Bot said: ...").
    text: [...item.querySelectorAll('.webchat__bubble__content')].map((b) => b.innerText.trim()).join('\n'),
    adaptiveCard: item.querySelector('.ac-adaptiveCard') !== null,
  }));
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const result = { blockedRequests: [], pageErrors: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    // Nothing may reach the network: only the local page and Direct Line are served.
    await page.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') {
        return route.continue();
      }
      result.blockedRequests.push(route.request().url());
      return route.abort();
    });
    page.on('pageerror', (error) => result.pageErrors.push(String(error)));
    page.setDefaultTimeout(timeout);

    await page.goto(url);
    // Web Chat ignores a message sent while it is still connecting.
    await page.waitForFunction(() => window.webChatConnected === true);
    const sendBox = page.getByPlaceholder('Type your message');
    await sendBox.fill(say);
    await sendBox.press('Enter');

    // Done when the user's message is shown and some non-empty bot activity is rendered after it.
    await page.waitForFunction((text) => {
      const items = [...document.querySelectorAll('.webchat__basic-transcript__activity')];
      const content = (i) => [...i.querySelectorAll('.webchat__bubble__content')].map((b) => b.innerText).join('').trim();
      const mine = items.findLastIndex((i) => i.querySelector('.webchat__bubble--from-user') && content(i) === text);
      return mine >= 0 && items.slice(mine + 1).some((i) => !i.querySelector('.webchat__bubble--from-user') && content(i).length > 0);
    }, say).catch(async (error) => {
      // Leave evidence of what the user saw instead of only a time-out.
      await page.screenshot({ path: screenshot });
      console.error(`transcript: ${JSON.stringify(await page.evaluate(transcript))}`);
      console.error(`activities: ${JSON.stringify(await page.evaluate(() => window.receivedActivities))}`);
      throw error;
    });

    result.transcript = await page.evaluate(transcript);
    result.activities = await page.evaluate(() => window.receivedActivities);
    await page.screenshot({ path: screenshot });
  } finally {
    await browser.close();
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
