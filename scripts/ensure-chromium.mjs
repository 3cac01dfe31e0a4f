// Playwright drives Debian's Chromium (/usr/bin/chromium) and never downloads a browser.
// When it is missing: install it with apt-get if we are root, otherwise say how in one line.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `${CHROMIUM} is missing: run 'sudo apt-get update && sudo apt-get install -y chromium', then npm test again.`,
    );
    process.exit(1);
  }
  console.log(`${CHROMIUM} is missing: installing Debian's chromium with apt-get ...`);
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
}
