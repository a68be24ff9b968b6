// Customer ideas end to end, as people see them, in one headless Chromium (the system chromium, playwright-core):
// Alex, an agent, raises ideas in the Agents Playground's web UI (the `idea` command form, then free text, then a vote on
// an offered similar idea); Patti, a product manager, signs in to the tab, filters the board, opens the duplicate, merges
// it into the other idea and plans the survivor with a response; Alex's Playground chat then shows the 1:1 notices.
// Every wait is on the page (Playwright waits with time-outs), never a sleep. A step that fails ends the run and is
// reported with what the page showed, so the test can say what the person did not see.
// Usage: node flow.js <playground url> <bot base url> <pm user id> <screenshot dir> <agent user id>
//   -> one JSON object on stdout: {"steps": {...what was seen...}, "failed": null | {"step", "error", "page"}}
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'node_modules', 'playwright-core'));

const [playgroundUrl, botUrl, pm, outDir, agent] = process.argv.slice(2);
const response = 'Planned for the March release: usage reports will export to PDF from the Reports page.';
const steps = {};
let current = 'start';

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  for (const old of fs.readdirSync(outDir).filter(f => f.startsWith('failed-'))) fs.rmSync(path.join(outDir, old)); // an earlier run's
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const shot = async (page, name) => page.screenshot({ path: path.join(outDir, name + '.png'), fullPage: true });
  let failedOn = null;
  try {
    const chat = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    failedOn = chat;
    chat.setDefaultTimeout(30000);
    const errors = [];
    chat.on('pageerror', e => errors.push(String(e)));

    // Cards as the agent sees them in his 1:1 chat with the bot (the Playground renders them with the Adaptive Cards SDK).
    const cards = () => chat.locator('.ac-adaptiveCard');
    const card = text => cards().filter({ hasText: text }).last();
    const textOf = async locator => (await locator.innerText()).replace(/\s+/g, ' ').trim();
    const say = async text => {
      const box = chat.locator('[data-lexical-editor="true"]');
      await box.click();
      await chat.keyboard.type(text);
      await chat.keyboard.press('Enter');
    };
    // A form is known by the idea it was filled in with (an input's value is no text of the page).
    const formWith = title => cards().filter({ hasText: 'Log a customer idea' }).filter({ has: chat.locator(`input[value*="${title}" i]`) }).last();
    const fill = async (form, label, value) => form.getByRole('textbox', { name: label }).first().fill(value);
    const choose = async (form, label, option) => {
      await form.getByRole('combobox', { name: label }).first().click();
      await chat.getByRole('option', { name: option, exact: true }).click();
    };
    const logIdea = async (form, customer, importance, why) => {
      await fill(form, /What the customer wants to achieve/, why);
      await fill(form, /Customer or account/, customer);
      await choose(form, /How important is it/, importance);
      await form.getByRole('button', { name: 'Log idea' }).click();
    };

    current = 'playground opens';
    await chat.goto(playgroundUrl);
    await card('Welcome to ExpertBot').waitFor();

    // 1. The idea command: the form, filled in with the text; nothing similar exists yet, so it is logged at once.
    current = 'idea command form';
    await say('idea Export the monthly usage report as PDF');
    let form = card('Log a customer idea');
    await form.waitFor();
    steps.commandForm = await textOf(form);
    steps.commandFormTitle = await form.getByRole('textbox', { name: /^Idea/ }).first().inputValue();
    await shot(chat, 'playground-1-idea-form');
    current = 'first idea logged';
    await logIdea(form, 'Fabrikam', 'Critical', 'Their finance team files the monthly usage report with invoices and needs a PDF.');
    const first = card('Logged as IDEA-');
    await first.waitFor();
    steps.firstLogged = await textOf(first);
    const firstNumber = /IDEA-\d+/.exec(steps.firstLogged)[0];
    await shot(chat, 'playground-2-first-logged');

    // 2. Free text that reads like an idea: the same form, filled in; the first idea is offered as similar, and the agent
    //    says theirs is different (a new idea: the duplicate the product manager merges later).
    current = 'free-text idea form';
    await say('The customer wants to download the usage report in PDF format every month');
    form = formWith('download the usage report');
    await form.waitFor();
    steps.freeTextForm = await textOf(form);
    steps.freeTextFormTitle = await form.getByRole('textbox', { name: /^Idea/ }).first().inputValue();
    current = 'similar ideas offered';
    await logIdea(form, 'Tailspin Toys', 'Important', 'They archive the usage report as PDF for their auditors.');
    let similar = card('Is it one of these?');
    await similar.waitFor();
    steps.similarOffered = await textOf(similar);
    await shot(chat, 'playground-3-similar-offered');
    current = 'second idea logged';
    await similar.getByRole('button', { name: 'No, log a new idea' }).click();
    const second = card('Logged as IDEA-').filter({ hasNotText: firstNumber + ':' });
    await second.waitFor();
    steps.secondLogged = await textOf(second);
    const secondNumber = /IDEA-\d+/.exec(steps.secondLogged)[0];

    // 3. A third customer wants the same: this time the agent adds the customer's vote to the offered idea (the
    //    duplicate), so the merge has customers to move.
    current = 'third customer offered both';
    await say('idea PDF export of the usage report');
    form = formWith('PDF export of the usage report');
    await form.waitFor();
    await logIdea(form, 'Northwind Traders', 'Nice-to-have', 'Their managers read usage reports offline.');
    similar = card('Is it one of these?').filter({ hasText: 'PDF export of the usage report' });
    await similar.waitFor();
    steps.similarForVote = await textOf(similar);
    current = 'vote added';
    const offered = similar.locator('.ac-container').filter({ hasText: secondNumber + ':' })
      .filter({ has: chat.getByRole('button', { name: "Add my customer's vote" }) }).last();
    await offered.getByRole('button', { name: "Add my customer's vote" }).click();
    const voted = card("Your customer's vote is on");
    await voted.waitFor();
    steps.voted = await textOf(voted);
    await shot(chat, 'playground-4-vote-added');

    // 4. The product manager in the tab (local sign-in: auth is off on loopback).
    const tab = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    failedOn = tab;
    tab.setDefaultTimeout(30000);
    tab.on('pageerror', e => errors.push(String(e)));
    // Cell by cell: innerText of a row the page has hidden for a moment (while it reloads) runs its cells together.
    const rows = async () => {
      await tab.locator('#board-rows').waitFor({ state: 'visible' });
      return tab.locator('#board-rows tr').evaluateAll(trs => trs.map(tr =>
        [...tr.cells].map(td => td.textContent.replace(/\s+/g, ' ').trim()).filter(t => t.length > 0).join(' ')));
    };
    current = 'tab sign-in';
    await tab.goto(`${botUrl}/tab/ideas`);
    await tab.getByLabel('Person').selectOption(pm);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.locator('#board-rows tr').nth(1).waitFor();
    steps.signedInAs = await tab.locator('#who').innerText();
    steps.board = await rows();
    await shot(tab, 'tab-1-board');

    current = 'tab filter';
    // Filtered to New ideas, most customers first: the duplicate (two customers) leads.
    await tab.locator('#f-status').selectOption('New');
    await tab.getByLabel('Sort by').selectOption('customers');
    await tab.waitForFunction(n => document.querySelector('#board-rows tr td')?.textContent.startsWith(n + ':'), secondNumber);
    steps.filtered = await rows();
    await shot(tab, 'tab-2-board-filtered');

    current = 'tab merge';
    await tab.locator('#board-rows tr button', { hasText: secondNumber + ':' }).click();
    await tab.locator('#detail h2', { hasText: secondNumber + ':' }).waitFor();
    steps.duplicatePage = (await tab.locator('#detail').innerText()).replace(/\s+/g, ' ');
    await shot(tab, 'tab-3-duplicate');
    await tab.getByLabel('Merge this idea into').fill(firstNumber);
    await tab.getByRole('button', { name: 'Merge', exact: true }).click();
    await tab.locator('#notice.ok').waitFor();
    steps.mergeNotice = await tab.locator('#notice').innerText();
    await tab.locator('#detail h2', { hasText: firstNumber + ':' }).waitFor();

    current = 'tab status';
    await tab.locator('#d-status').selectOption('Planned');
    await tab.locator('#d-response').fill(response);
    await tab.getByRole('button', { name: 'Save and tell the agents' }).click();
    await tab.locator('#notice.ok', { hasText: 'Saved' }).waitFor();
    steps.saveNotice = await tab.locator('#notice').innerText();
    await tab.locator('#detail', { hasText: response }).waitFor();
    steps.survivorPage = (await tab.locator('#detail').innerText()).replace(/\s+/g, ' ');
    await shot(tab, 'tab-4-survivor-planned');

    current = 'tab board after';
    await tab.getByRole('button', { name: 'Back to the board' }).click();
    await tab.locator('#f-status').selectOption('');
    // Any open status again: the survivor, now Planned, and no longer the merged duplicate.
    await tab.waitForFunction(n => [...document.querySelectorAll('#board-rows tr')].some(r => r.textContent.startsWith(n + ':') && r.textContent.includes('Planned')), firstNumber);
    steps.boardAfter = await rows();
    await tab.locator('#f-status').selectOption('Merged');
    await tab.waitForFunction(n => document.querySelector('#board-rows tr td')?.textContent.startsWith(n + ':'), secondNumber);
    steps.mergedRows = await rows();
    await shot(tab, 'tab-5-board-after');

    // 5. Back in the Playground as the agent: the notes arrive in his 1:1 chat, worded for the customer.
    failedOn = chat;
    await chat.bringToFront();
    current = 'merge notice in chat';
    const mergeNote = card(`${secondNumber} was merged into ${firstNumber}`);
    await mergeNote.waitFor({ timeout: 60000 });
    steps.mergeNote = await textOf(mergeNote);
    current = 'status notice in chat';
    const planned = card('Good news: your request is planned.').filter({ hasText: response });
    await planned.waitFor({ timeout: 60000 });
    steps.statusNote = await textOf(planned);
    await planned.scrollIntoViewIfNeeded();
    await shot(chat, 'playground-5-notices');
    steps.notes = await Promise.all((await cards().filter({ hasText: 'What you can tell your customer' }).all()).map(textOf));

    // 6. The agent's own view in the tab (My items): the ideas he raised or voted for, as they now are.
    current = 'agent my items';
    const mine = await browser.newPage({ viewport: { width: 1200, height: 700 } });
    failedOn = mine;
    mine.setDefaultTimeout(30000);
    mine.on('pageerror', e => errors.push(String(e)));
    await mine.goto(`${botUrl}/tab/ideas`);
    await mine.getByLabel('Person').selectOption(agent);
    await mine.getByRole('button', { name: 'Sign in' }).click();
    await mine.locator('#my-ideas li').first().waitFor();
    steps.agentSignedInAs = await mine.locator('#who').innerText();
    steps.myIdeas = (await mine.locator('#my-ideas li').allInnerTexts()).map(r => r.replace(/\s+/g, ' ').trim());
    await shot(mine, 'tab-6-agent-my-items');
    steps.pageErrors = errors;
    current = null;
  } catch (e) {
    if (failedOn) await shot(failedOn, 'failed-' + String(current).replace(/\W+/g, '-')).catch(() => {});
    const page = failedOn ? (await failedOn.locator('body').innerText().catch(() => '')).slice(-4000) : '';
    process.stdout.write(JSON.stringify({ steps, failed: { step: current, error: String(e.message || e).replace(/\u001b\[\d+m/g, '').slice(0, 2000), page } }));
    return;
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify({ steps, failed: null }));
})().catch(e => { console.error(e); process.exit(1); });
