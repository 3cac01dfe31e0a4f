import { expect, test, type Page } from '@playwright/test';

const LDIF = `version: 1

# Litware's staff, as ldifde -f writes it
dn: OU=Staff,DC=litware,DC=com
changetype: add
objectClass: top
objectClass: organizationalUnit
ou: Staff

dn: CN=Bo Berg,OU=Staff,DC=litware,DC=com
changetype: add
objectClass: top
objectClass: person
objectClass: organizationalPerson
objectClass: user
cn: Bo Berg
sAMAccountName: bo.berg
userPrincipalName: bo.berg@litware.com
mail: bo.berg@litware.com
userAccountControl: 512
objectGUID:: EDGXW4JjgEq7+GuyHBu3QQ==
description: Folded across
  two lines

dn: CN=Cy Chu,OU=Staff,DC=litware,DC=com
changetype: add
objectClass: user
cn: Cy Chu
sAMAccountName: cy.chu
userAccountControl: 512
`;

async function openForests(page: Page) {
  await page.goto('/forests');
  await expect(page.getByRole('heading', { name: 'Forests', level: 1 })).toBeVisible();
  // The first visit opens a built-in scenario.
  await expect(page.getByText(/^Scenario: /)).toBeVisible();
}

test('import an LDIF file into a new forest, edit an object, reload and find it all', async ({
  page,
}) => {
  await openForests(page);
  await expect(page.getByRole('link', { name: 'Forests' })).toBeVisible();
  await page.getByRole('button', { name: 'Import LDIF' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import LDIF' });
  await dialog.locator('input[aria-label="LDIF file"]').setInputFiles({
    name: 'litware.ldf',
    mimeType: 'text/plain',
    buffer: Buffer.from(LDIF),
  });
  await expect(dialog.getByRole('textbox', { name: 'Forest DNS name' })).toHaveValue('litware.com');
  await expect(dialog.getByRole('textbox', { name: 'NetBIOS name' })).toHaveValue('LITWARE');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Imported litware.ldf' })).toBeVisible();

  await page.getByRole('button', { name: 'Forest litware.com' }).click();
  await expect(page.getByText('Domain litware.com (NetBIOS LITWARE)')).toBeVisible();
  const card = page.getByRole('button', { name: 'Forest litware.com' });
  await expect(card.getByText('user: 2')).toBeVisible();
  await expect(card.getByText('organizationalUnit: 1')).toBeVisible();
  await page.getByRole('button', { name: 'OU=Staff,DC=litware,DC=com' }).click();
  await page.getByRole('gridcell', { name: 'Bo Berg' }).click();

  const editor = page.getByRole('region', { name: 'Object editor' });
  await expect(
    editor.getByRole('heading', { name: 'CN=Bo Berg,OU=Staff,DC=litware,DC=com' }),
  ).toBeVisible();
  // objectGUID is shown as a GUID string, the folded description joined.
  await expect(editor.getByText('5b973110-6382-4a80-bbf8-6bb21c1bb741')).toBeVisible();
  await expect(editor.getByText('Folded across two lines')).toBeVisible();

  await editor.getByRole('button', { name: 'Add attribute' }).click();
  const add = page.getByRole('dialog', { name: 'Add attribute' });
  await add.getByRole('textbox', { name: 'Attribute name' }).fill('proxyAddresses');
  await add
    .getByRole('textbox', { name: 'Values (one per line)' })
    .fill('SMTP:bo.berg@litware.com\nsmtp:bo@litware.com');
  await add.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText('smtp:bo@litware.com')).toBeVisible();
  await editor.getByRole('button', { name: 'Disable account' }).click();
  await expect(editor.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(editor.getByText('514')).toBeVisible();

  await page.getByRole('tab', { name: 'Change log' }).click();
  await expect(
    page.getByText(/Disabled CN=Bo Berg,OU=Staff,DC=litware,DC=com in litware.com/),
  ).toBeVisible();
  await page.getByRole('tab', { name: 'AD forests' }).click();

  await page.reload();
  const again = page.getByRole('region', { name: 'Object editor' });
  await expect(
    again.getByRole('heading', { name: 'CN=Bo Berg,OU=Staff,DC=litware,DC=com' }),
  ).toBeVisible();
  await expect(again.getByText('smtp:bo@litware.com')).toBeVisible();
  await expect(again.getByText('Disabled', { exact: true })).toBeVisible();

  // Undo brings the account back, redo disables it again.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(again.getByText('Enabled', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(again.getByText('Disabled', { exact: true })).toBeVisible();
});

test('generate 10,000 objects with a progress bar', async ({ page }) => {
  await openForests(page);
  await page.getByRole('button', { name: 'Generate objects' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate objects' });
  await dialog.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await dialog.getByRole('spinbutton', { name: 'Users' }).fill('7000');
  await dialog.getByRole('spinbutton', { name: 'Groups' }).fill('1000');
  await dialog.getByRole('spinbutton', { name: 'Contacts' }).fill('2000');
  const name = await dialog.getByRole('textbox', { name: 'Forest DNS name' }).inputValue();
  await dialog.getByRole('button', { name: 'Generate', exact: true }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Generation progress' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Generated objects' })).toBeVisible({
    timeout: 45_000,
  });
  await page.getByRole('button', { name: `Forest ${name}` }).click();
  await expect(page.getByText('user: 7,000')).toBeVisible();
  await expect(page.getByText('contact: 2,000')).toBeVisible();
  await page.getByRole('textbox', { name: 'Search objects' }).fill('a');
  await page.getByRole('switch', { name: 'Include subcontainers' }).check();
  await expect(page.getByRole('grid', { name: 'Objects' })).toBeVisible();
});

test('a broken file says why and leaves the workspace unchanged', async ({ page }) => {
  await openForests(page);
  const scenario = await page.getByText(/^Scenario: /).textContent();
  const cards = await page.getByRole('region', { name: 'AD forests' }).textContent();

  await page.locator('input[aria-label="Scenario file"]').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{\n  "synclab": 1,\n  "name": "Broken",\n  "forests": [ { "name": 5 } ]\n}\n',
    ),
  });
  const alert = page.getByRole('alert', { name: 'The scenario was not opened; nothing changed' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('broken.json');
  await expect(alert).toContainText('forests[0]');
  await expect(page.getByText(/^Scenario: /)).toHaveText(scenario ?? '');
  await expect(page.getByRole('region', { name: 'AD forests' })).toHaveText(cards ?? '');

  // An LDIF file with a bad line: line and column, nothing imported.
  await page.getByRole('button', { name: 'Import LDIF' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import LDIF' });
  await dialog.locator('input[aria-label="LDIF file"]').setInputFiles({
    name: 'bad.ldf',
    mimeType: 'text/plain',
    buffer: Buffer.from(
      'dn: CN=X,DC=litware,DC=com\nobjectClass: user\nuserAccountControl: lots\n',
    ),
  });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const bad = page.getByRole('alert', { name: 'bad.ldf was not imported; nothing changed' });
  await expect(bad).toContainText('bad.ldf:3:');
  await expect(page.getByRole('region', { name: 'AD forests' })).toHaveText(cards ?? '');

  // A file that is not text.
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page
    .getByRole('dialog', { name: 'Import CSV' })
    .locator('input[aria-label="CSV file"]')
    .setInputFiles({
      name: 'photo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    });
  await expect(page.getByRole('alert')).toContainText('photo.csv: the file is not text');
  await page.reload();
  await expect(page.getByText(/^Scenario: /)).toHaveText(scenario ?? '');
});

test('edit the tenant’s verified domains: checked, undoable, kept after a reload', async ({
  page,
}) => {
  await openForests(page);
  await page.getByRole('tab', { name: 'Entra ID tenant' }).click();
  const domains = page.getByRole('region', { name: 'Domains' });
  const table = domains.getByRole('table', { name: 'Domain names' });
  const initial =
    (await table.getByRole('row').first().getByRole('cell').first().textContent()) ?? '';
  expect(initial).toMatch(/\.onmicrosoft\.com$/);
  // The initial domain cannot be removed.
  await expect(domains.getByRole('button', { name: `Remove domain ${initial}` })).toHaveCount(0);

  const field = domains.getByRole('textbox', { name: 'Custom domain name' });
  await field.fill('not a domain');
  await expect(domains.getByText('Not a domain name (fabrikam.com)')).toBeVisible();
  await expect(domains.getByRole('button', { name: 'Add domain' })).toBeDisabled();
  await field.fill(initial.toUpperCase());
  await expect(domains.getByText('Already a domain of this tenant')).toBeVisible();

  await field.fill('Litware.com');
  await domains.getByRole('button', { name: 'Add domain' }).click();
  await expect(
    page.getByRole('status', { name: 'Verified domain litware.com added' }),
  ).toBeVisible();
  await expect(table.getByRole('cell', { name: 'litware.com', exact: true })).toBeVisible();

  await page.reload();
  const again = page.getByRole('region', { name: 'Domains' });
  await expect(again.getByRole('cell', { name: 'litware.com', exact: true })).toBeVisible();
  await again.getByRole('button', { name: 'Remove domain litware.com' }).click();
  await expect(page.getByRole('status', { name: 'Domain litware.com removed' })).toBeVisible();
  await expect(again.getByRole('cell', { name: 'litware.com', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(again.getByRole('cell', { name: 'litware.com', exact: true })).toBeVisible();
});
