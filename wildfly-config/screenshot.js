// Screenshots of the admin console's batch view (Runtime > localhost > Monitor > Batch > backup, then its
// executions), taken by a headless Chromium, as in docs/wildfly.md.
//   npm install playwright-core            (once; Debian's chromium: apt-get install chromium)
//   OBK_CONSOLE_USER=admin OBK_CONSOLE_PASSWORD=... node wildfly-config/screenshot.js http://127.0.0.1:9990 OUTPUT_DIR
// The account is a management user (bin/add-user.sh); its password comes from the environment.
const { chromium } = require('playwright-core');

(async () => {
  const [base, out] = process.argv.slice(2);
  if (!base || !out) {
    console.error('usage: node wildfly-config/screenshot.js MANAGEMENT_URL OUTPUT_DIR');
    process.exit(2);
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({
    httpCredentials: { username: process.env.OBK_CONSOLE_USER, password: process.env.OBK_CONSOLE_PASSWORD },
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  const click = async (text, nth = 0) => {
    await page.locator('text="' + text + '" >> visible=true').nth(nth).click();
    await page.waitForTimeout(2500);
  };
  await page.goto(base + '/console/index.html#runtime', { waitUntil: 'networkidle' });
  await page.waitForTimeout(3000);
  await click('localhost');
  await click('Monitor');
  await click('Batch');
  await click('backup');
  await page.screenshot({ path: out + '/batch-jobs.png' });
  await click('View', 1);
  await page.screenshot({ path: out + '/batch-executions.png' });
  await browser.close();
})();
