import { expect, test, type Page } from '@playwright/test';
import {
  EMEA_PARTITION,
  ROOT_PARTITION,
  twoDomainScenario,
} from '../src/worker/api-sync.fixture.ts';

const AAD = 'contoso.onmicrosoft.com - AAD';

async function openSync(page: Page) {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await expect(
    page.getByRole('heading', { name: 'Synchronization Service Manager', level: 1 }),
  ).toBeVisible();
  await expect(page.getByRole('table', { name: 'Connectors' })).toContainText('fabrikam.com');
}

async function runProfile(page: Page, connector: string, profile: string) {
  await page.getByRole('button', { name: `Run ${connector}`, exact: true }).click();
  await page.getByRole('menuitem', { name: profile, exact: true }).click();
  const row = page.getByRole('table', { name: 'Connectors' }).getByRole('row', { name: connector });
  await expect(row).toContainText(`${profile}: success`);
}

test('GALSync: a contact is promoted to a user, seen in Operations, rewound and previewed', async ({
  page,
}) => {
  await openSync(page);
  const tenant = page.getByRole('status', { name: 'Microsoft Entra ID tenant' });
  const contoso = page
    .getByRole('table', { name: 'Connectors' })
    .getByRole('row', { name: /^contoso\.com/ });
  await expect(contoso).toContainText('Full Import required');
  await expect(contoso).toContainText('Full Synchronization required');

  // 1. The first forest alone, then export: the tenant has the other forest's people as contacts.
  await runProfile(page, 'contoso.com', 'Full Import');
  await runProfile(page, 'contoso.com', 'Full Synchronization');
  await expect(contoso).not.toContainText('required');
  await runProfile(page, AAD, 'Export');
  await expect(tenant).toContainText('2 users, 2 contacts');

  // 2. The second forest: its users join the contacts' metaverse objects; the export deletes the
  // contacts and creates users.
  await runProfile(page, 'fabrikam.com', 'Full Import');
  await runProfile(page, 'fabrikam.com', 'Full Synchronization');
  await runProfile(page, AAD, 'Export');
  await expect(tenant).toContainText('4 users, 0 contacts');

  await page.getByRole('tab', { name: 'Operations' }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await expect(runs.getByRole('row')).toHaveCount(7);
  await expect(runs.getByRole('row').nth(1)).toContainText(`${AAD}Export`);
  await expect(runs.getByRole('row').nth(2)).toContainText('fabrikam.comFull Synchronization');
  const detail = page.getByRole('region', { name: /Run 6: .* Export/ });
  await detail.getByRole('button', { name: 'Deletes: 2' }).click();
  const deleted = page.getByRole('list', { name: 'Deletes objects' });
  await expect(deleted.getByRole('listitem')).toHaveCount(2);
  await expect(deleted).toContainText('contact');
  await page.getByRole('button', { name: 'Close' }).click();
  await detail.getByRole('button', { name: 'Adds: 2' }).click();
  await expect(page.getByRole('list', { name: 'Adds objects' })).toContainText('user');
  await page.getByRole('button', { name: 'Close' }).click();

  // The synchronization run that promoted them.
  await runs.getByRole('row').nth(2).click();
  const sync = page.getByRole('region', { name: /Run 5: fabrikam\.com Full Synchronization/ });
  await expect(sync.getByRole('button', { name: 'Joins: 4' })).toBeVisible();
  await expect(sync.getByRole('button', { name: 'Provisioning Disconnects: 2' })).toBeVisible();

  // 3. Rewind to before the second forest.
  const timeline = page.getByRole('list', { name: 'Timeline' });
  await timeline.getByRole('button', { name: /Full Import on fabrikam\.com/ }).click();
  await page.getByRole('button', { name: 'Rewind' }).click();
  await expect(runs.getByRole('row')).toHaveCount(4);
  await page.getByRole('tab', { name: 'Connectors' }).click();
  await expect(tenant).toContainText('2 users, 2 contacts');

  // The runs are part of the saved workspace: a reload replays them.
  await page.reload();
  await expect(tenant).toContainText('2 users, 2 contacts');
  await expect(contoso).toContainText('Full Synchronization: success');

  // 4. Preview one object: Carl Berg's contact in contoso.com.
  await contoso.getByRole('button', { name: 'Search Connector Space' }).click();
  const search = page.getByRole('dialog', { name: 'Search Connector Space' });
  await search.getByRole('combobox', { name: 'Scope' }).click();
  await page.getByRole('option', { name: 'RDN' }).click();
  await search.getByRole('textbox', { name: 'RDN' }).fill('Carl');
  await search.getByRole('button', { name: 'Search' }).click();
  await search.getByRole('gridcell', { name: /^CN=Carl Berg/ }).click();
  const props = page.getByRole('dialog', { name: 'Connector Space Object Properties' });
  await props.getByRole('tab', { name: 'Lineage' }).click();
  await expect(props.getByRole('table', { name: 'Sync rules applied' })).toContainText('Provision');
  await props.getByRole('button', { name: 'Preview' }).click();
  await props.getByRole('button', { name: 'Generate Preview' }).click();
  const result = props.getByRole('region', { name: 'Preview result' });
  await expect(result).toContainText('Already joined to metaverse object');
  await expect(result.getByRole('table', { name: 'Import flow' })).toContainText('Carl Berg');
  await expect(props).toContainText('Generated in memory: nothing was changed.');

  // The flow picture: both forests are not joined yet, so one source, the metaverse, Entra ID.
  await props.getByRole('tab', { name: 'Flow picture' }).click();
  const picture = props.getByRole('figure', { name: 'Flow picture' });
  await expect(picture).toContainText('Metaverse person: Carl Berg');
  await expect(picture).toContainText('displayName = Carl Berg');
  await expect(picture).toContainText(AAD);
  await page.screenshot({ path: 'test-results/sync-manager-flow.png', fullPage: true });

  // A committed preview changes the engine: it is a step of the action log, kept after a reload.
  await props.getByRole('tab', { name: 'Lineage' }).click();
  await props.getByRole('button', { name: 'Commit Preview' }).click();
  await expect(props).toContainText('Committed: the metaverse and the target connector spaces');
  await props.getByRole('button', { name: 'Close' }).click();
  await search.getByRole('button', { name: 'Close' }).click();
  const committed = /Committed a Full Synchronization preview of CN=Carl Berg/;
  await expect(timeline.getByRole('button', { name: committed })).toBeVisible();
  await page.reload();
  await expect(timeline.getByRole('button', { name: committed })).toBeVisible();
});

test('stepping: run profile by run profile, object by object, play and pause', async ({ page }) => {
  await openSync(page);
  const position = page.getByRole('status', { name: 'Stepping position' });
  await expect(position).toContainText('Next: contoso.com: Full Import (1 of 9)');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(position).toContainText('Next: contoso.com: Full Synchronization (4 of 9)');
  await page.getByRole('button', { name: 'Step object' }).click();
  await expect(position).toContainText('In contoso.com: Full Synchronization · 1 of 4 objects');
  const last = page.getByRole('region', { name: 'Last object' });
  await expect(last).toContainText('Projected as metaverse object');
  await expect(last.getByRole('table', { name: 'Import flow' })).toBeVisible();
  await expect(last).toContainText(`${AAD}: provisioned`);

  // Rewind inside the run: back to before its second object, which then comes again.
  await page.getByRole('button', { name: 'Step object' }).click();
  await expect(position).toContainText('· 2 of 4 objects');
  const timeline = page.getByRole('list', { name: 'Timeline' });
  const second = await timeline.getByRole('button', { name: /^Object 2:/ }).textContent();
  await timeline.getByRole('button', { name: /^Object 2:/ }).click();
  await page.getByRole('button', { name: 'Rewind' }).click();
  await expect(position).toContainText('· 1 of 4 objects');
  await page.getByRole('button', { name: 'Step object' }).click();
  await expect(timeline.getByRole('button', { name: /^Object 2:/ })).toHaveText(second ?? '');

  await page.getByRole('button', { name: 'Play' }).click();
  await expect(position).toContainText(/· [34] of 4 objects|fabrikam\.com/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
});

test('stepping object by object through an import and an export: the staged change, the export and its answer', async ({
  page,
}) => {
  await openSync(page);
  const position = page.getByRole('status', { name: 'Stepping position' });
  const stepObject = page.getByRole('button', { name: 'Step object' });
  const last = page.getByRole('region', { name: 'Last object' });
  const timeline = page.getByRole('list', { name: 'Timeline' });

  // The Full Import of contoso.com, one staged object per press.
  await expect(position).toContainText('Next: contoso.com: Full Import (1 of 9)');
  await stepObject.click();
  await expect(position).toContainText('In contoso.com: Full Import · 1 of 4 objects');
  await expect(last.getByRole('region', { name: 'Staged object' })).toContainText(
    'contoso.com: CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com (user)',
  );
  await expect(last.getByRole('region', { name: 'Pending import' })).toContainText(
    'Add: a new object is staged.',
  );
  const staged = last.getByRole('table', { name: 'Staged attribute changes' });
  await expect(staged.getByRole('row', { name: /^mail add/ })).toContainText('ann.lee@contoso.com');
  await expect(
    timeline.getByRole('button', {
      name: 'Object 1: Add CN=Ann Lee,OU=Contoso Users,DC=contoso,DC=com',
    }),
  ).toBeVisible();
  await stepObject.click();
  await expect(position).toContainText('· 2 of 4 objects');
  await expect(last).toContainText('CN=Bob Kent,OU=Contoso Users,DC=contoso,DC=com');
  await stepObject.click();
  await stepObject.click();
  await expect(position).toContainText('· 4 of 4 objects');
  await expect(last).toContainText('CN=Dana Fox,OU=GALSync,DC=contoso,DC=com (contact)');
  // The next press ends the import: four adds, recorded as one run.
  await stepObject.click();
  await expect(position).toContainText('Next: fabrikam.com: Full Import (2 of 9)');
  const contoso = page
    .getByRole('table', { name: 'Connectors' })
    .getByRole('row', { name: /^contoso\.com/ });
  await expect(contoso).toContainText('Full Import: success');

  // On to the export to Entra ID, then one exported object per press.
  const step = page.getByRole('button', { name: 'Step', exact: true });
  for (let i = 2; i <= 6; i++) {
    await step.click();
    await expect(position).toContainText(`(${i + 1} of 9)`);
  }
  await expect(position).toContainText(`Next: ${AAD}: Export (7 of 9)`);
  await stepObject.click();
  await expect(position).toContainText(new RegExp(`In ${AAD}: Export · 1 of \\d+ objects`));
  await expect(last.getByRole('region', { name: 'Export operation' })).toContainText(
    'Operation: Add',
  );
  await expect(last.getByRole('table', { name: 'Exported attribute changes' })).toContainText(
    'userPrincipalName',
  );
  const result = last.getByRole('region', { name: 'Result' });
  await expect(result).toContainText(`Success: ${AAD} accepted the add.`);
  await expect(result).toContainText(/Anchor returned by Microsoft Entra ID: \S+/);
  await page.screenshot({ path: 'test-results/sync-manager-export-step.png', fullPage: true });
  await expect(
    timeline.getByRole('button', { name: /^Object 1: Add CN=\{[0-9A-F]+\}$/ }),
  ).toBeVisible();
  await stepObject.click();
  await expect(position).toContainText(' · 2 of ');
  await expect(timeline.getByRole('button', { name: /^Object 2: Add / })).toBeVisible();
  // Step finishes the export as a whole: the tenant has the exported objects.
  await step.click();
  await expect(position).toContainText('Next: contoso.com: Export (8 of 9)');
  await expect(page.getByRole('status', { name: 'Microsoft Entra ID tenant' })).toContainText(
    '4 users',
  );
});

test('Operations: a forest with two domains has one step per partition', async ({ page }) => {
  const ROOT = ROOT_PARTITION;
  const EMEA = EMEA_PARTITION;
  await page.goto('/forests');
  await expect(page.getByText(/^Scenario: /)).toBeVisible();
  await page.locator('input[aria-label="Scenario file"]').setInputFiles({
    name: 'two-domains.json',
    mimeType: 'application/json',
    buffer: Buffer.from(twoDomainScenario()),
  });
  await expect(page.getByText(/^Scenario: Two domains/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await page.getByRole('button', { name: 'Run initial cycle' }).click();
  await expect(page.getByRole('status', { name: 'Microsoft Entra ID tenant' })).toContainText(
    '5 users',
  );

  await page.getByRole('tab', { name: 'Operations' }).click();
  const runs = page.getByRole('table', { name: 'Runs' });
  await runs.getByRole('row', { name: /contoso\.com Full Synchronization/ }).click();
  const detail = page.getByRole('region', { name: /contoso\.com Full Synchronization/ });
  const steps = detail.getByRole('tablist', { name: 'Steps' });
  await expect(steps.getByRole('tab')).toHaveText([`Step 1: ${ROOT}`, `Step 2: ${EMEA}`]);
  await expect(detail.getByRole('button', { name: 'Projections: 3' })).toBeVisible();
  await steps.getByRole('tab', { name: `Step 2: ${EMEA}` }).click();
  await expect(detail).toContainText(`Partition: ${EMEA}`);
  await detail.getByRole('button', { name: 'Provisioning Adds: 2' }).click();
  const list = page.getByRole('list', { name: 'Provisioning Adds objects' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list).toContainText(AAD);
  await page.getByRole('button', { name: 'Close' }).click();

  // Entra ID has a single partition: no steps.
  await runs.getByRole('row', { name: /AAD Export/ }).click();
  await expect(page.getByRole('region', { name: /AAD Export/ })).toBeVisible();
  await expect(page.getByRole('tablist', { name: 'Steps' })).toHaveCount(0);
});
