import { expect, test, type Page } from '@playwright/test';

async function openRules(page: Page) {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await expect(
    page.getByRole('heading', { name: 'Synchronization Rules Editor', level: 1 }),
  ).toBeVisible();
}

test('the expression editor completes, checks and tests an expression', async ({ page }) => {
  await openRules(page);
  const workbench = page.getByRole('region', { name: 'Expression workbench' });
  const editor = workbench.getByRole('textbox', { name: 'Expression' });
  await expect(editor).toHaveText('Left([givenName],1) & [sn]');

  // A wrongly cased function name: the engine's diagnostic, inline and as text.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('left([givenName],1)');
  await expect(workbench.getByRole('list', { name: 'Diagnostics' })).toContainText(
    "Unknown function 'left'. Did you mean 'Left'?",
  );
  await expect(workbench.locator('.cm-lintRange-error')).toHaveCount(1);

  // Completion of functions (with signature) and of attributes from the source schema.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Lef');
  const completions = page.getByRole('listbox');
  await expect(completions.getByRole('option', { name: /^Left/ })).toBeVisible();
  await expect(completions).toContainText('str Left(str string, num NumChars)');
  // The editor ignores Enter for a moment after the list opens, as people type fast.
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type('[givenN');
  await expect(completions.getByRole('option', { name: /^givenName/ })).toBeVisible();
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type(',1) & [sn]');
  await expect(editor).toHaveText('Left([givenName],1) & [sn]');
  await expect(workbench.getByRole('list', { name: 'Diagnostics' })).toHaveCount(0);

  // Documentation on hover.
  await editor
    .locator('.cm-line')
    .first()
    .hover({ position: { x: 12, y: 8 } });
  await expect(page.locator('.cm-tooltip-hover')).toContainText(
    'The first NumChars characters of the string.',
  );

  // The Test panel: result and the value of every sub-expression.
  const panel = page.getByRole('region', { name: 'Test' });
  await panel.getByLabel('Value of givenName').fill('Ann');
  await panel.getByLabel('Value of sn').fill('Lee');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByRole('status', { name: 'Test result' })).toContainText('"ALee"');
  const steps = panel.getByRole('table', { name: 'Sub-expressions' });
  await expect(steps.getByRole('row', { name: /Left\(\[givenName\],1\)\s+"A"/ })).toBeVisible();
});

test('the Test panel shows per-value results, skipped branches and engine errors', async ({
  page,
}) => {
  await openRules(page);
  const editor = page
    .getByRole('region', { name: 'Expression workbench' })
    .getByRole('textbox', { name: 'Expression' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('IIF(InStr([proxyAddresses],"SIP:")=1,NULL,Trim([proxyAddresses]))');
  const panel = page.getByRole('region', { name: 'Test' });
  await panel
    .getByLabel('Value of proxyAddresses')
    .fill('SMTP:ann@contoso.com\nSIP:ann@contoso.com');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  const perValue = panel.getByRole('table', { name: 'Result per value' });
  await expect(perValue.getByRole('row')).toHaveCount(3);
  await expect(perValue.getByRole('row').nth(2)).toContainText('NULL');

  await page.keyboard.press('ControlOrMeta+a');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('IIF(IsPresent([sn]),[sn],Error("sn is required"))');
  await panel.getByLabel('Value of sn').fill('');
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByRole('status', { name: 'Test result' })).toContainText(
    'sync-rule-error-function-triggered: sn is required',
  );
  await expect(panel.getByRole('table', { name: 'Sub-expressions' })).toContainText(
    'Not evaluated: the IIF condition is False.',
  );
});
