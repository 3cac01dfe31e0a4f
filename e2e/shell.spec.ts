import { expect, test } from '@playwright/test';

test('the shell shows the navigation and remembers the colour scheme', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'SyncLab', level: 1 })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();

  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  const dark = await background();
  expect(dark).not.toBe(light);

  await page.reload();
  await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  expect(await background()).toBe(dark);
});

test('an expression is evaluated by the engine in its worker', async ({ page }) => {
  await page.goto('/');
  await page
    .getByRole('textbox', { name: 'Expression', exact: true })
    .fill('Left([givenName],1) & [sn]');
  await page.getByLabel('Attributes (JSON)').fill('{"givenName": "Ann", "sn": "Lee"}');
  await page.getByRole('button', { name: 'Evaluate' }).click();
  await expect(page.getByRole('status', { name: 'Result' })).toHaveText('"ALee"');

  await page.getByRole('textbox', { name: 'Expression', exact: true }).fill('iif(True, 1, 2)');
  await page.getByRole('button', { name: 'Evaluate' }).click();
  await expect(page.getByRole('status', { name: 'Result' })).toContainText(
    "Unknown function 'iif'. Did you mean 'IIF'?",
  );
});

test('an unknown address says so', async ({ page }) => {
  await page.goto('/no-such-screen');
  await expect(page.getByText('This page does not exist.')).toBeVisible();
});
