import { expect, test } from '@playwright/test';

test('unticking an OU predicts the deletes, and the cycle stops the export at the threshold', async ({
  page,
}) => {
  // Open the built-in "OU filter change" scenario from the Forests screen's library.
  await page.goto('/forests?tab=library');
  await expect(page.getByText(/^Scenario: /)).toBeVisible();
  await page.getByRole('button', { name: 'Open OU filter change' }).click();
  await expect(page.getByText('Scenario: OU filter change')).toBeVisible();

  await page.getByRole('link', { name: 'Connectors' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Run initial cycle' }).click();
  const last = page.getByRole('alert', { name: 'Last export to Entra ID' });
  await expect(last).toContainText('success');

  // Untick the Sales OU: before anything runs, the deletes are predicted against the threshold.
  const sales = page
    .getByRole('group', { name: 'Containers' })
    .getByRole('checkbox', { name: 'Sales' });
  await expect(sales).toBeChecked();
  await sales.uncheck();
  const effect = page.getByRole('region', { name: 'Predicted effect' });
  await expect(effect).toContainText('8 objects leave the scope');
  await expect(effect).toContainText('Predicted deletes in Entra ID: 8');
  await expect(effect).toContainText('deletion threshold: 5');
  await expect(effect).toContainText('The export to Entra ID would stop');
  await page.screenshot({ path: 'test-results/connectors-config.png', fullPage: true });

  await effect.getByRole('button', { name: 'Apply configuration' }).click();
  await expect(page.getByText('Full Import required')).toBeVisible();

  // The next cycle stages the deletes and the export stops at the threshold, exporting nothing.
  await page.getByRole('button', { name: 'Run initial cycle' }).click();
  await expect(last).toContainText('stopped-deletion-threshold-exceeded');
  await expect(last).toContainText('8 pending deletes');
  await expect(page.getByText('Full Import required')).toHaveCount(0);

  // The review lists the deletes that are held back.
  await page.getByRole('tab', { name: /Pending exports/ }).click();
  const table = page.getByRole('table', { name: 'Pending exports' });
  await expect(table.getByRole('row').filter({ hasText: 'Delete' })).toHaveCount(8);

  // The Sales users are still in Entra ID; Exchange Online sees plain users there.
  await page.getByRole('tab', { name: 'Exchange Online' }).click();
  await expect(page.getByRole('table', { name: 'Exchange Online recipients' })).toContainText(
    'Adele Vance',
  );
  await page.screenshot({ path: 'test-results/connectors.png', fullPage: true });
});

test('staging mode holds exports back for review, and leaving it exports them', async ({
  page,
}) => {
  await page.goto('/forests?tab=library');
  await expect(page.getByText(/^Scenario: /)).toBeVisible();
  await page.getByRole('button', { name: 'Open OU filter change' }).click();
  await expect(page.getByText('Scenario: OU filter change')).toBeVisible();
  // The Sync screen links each AD connector to its configuration.
  await page.getByRole('link', { name: 'Sync' }).click();
  await page.getByRole('link', { name: 'Configure contoso.com' }).click();
  await expect(page.getByRole('heading', { name: 'Connectors', level: 1 })).toBeVisible();

  // The switch follows the workspace: it turns on once the action is applied.
  await page.getByRole('switch', { name: 'Staging mode' }).click();
  await expect(page.getByRole('switch', { name: 'Staging mode' })).toBeChecked();
  await page.getByRole('button', { name: 'Run initial cycle' }).click();
  await expect(page.getByRole('tab', { name: 'Pending exports (12)' })).toBeVisible();
  await page.getByRole('tab', { name: 'Pending exports (12)' }).click();
  const table = page.getByRole('table', { name: 'Pending exports' });
  await expect(table.getByRole('row').filter({ hasText: 'Add' })).toHaveCount(12);
  await expect(table).toContainText('displayName (add)');

  await page.getByRole('button', { name: 'Leave staging mode and export' }).click();
  await expect(page.getByRole('alert', { name: 'Last export to Entra ID' })).toContainText(
    'success',
  );
  await expect(page.getByRole('switch', { name: 'Staging mode' })).not.toBeChecked();
  await expect(page.getByRole('tab', { name: 'Pending exports (0)' })).toBeVisible();

  // An attribute left out of the inclusion list: the rule flows that read it are named.
  await page.getByRole('tab', { name: 'Configuration' }).click();
  await page.getByRole('switch', { name: 'Import only the selected attributes' }).click();
  await page
    .getByRole('group', { name: 'Attributes of user' })
    .getByRole('checkbox', { name: 'displayName', exact: true })
    .uncheck();
  await expect(
    page.getByRole('alert', { name: 'Flows reading excluded attributes' }),
  ).toContainText('transformation displayName: displayName');
});
