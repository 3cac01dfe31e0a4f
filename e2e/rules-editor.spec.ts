import { expect, test, type Locator, type Page } from '@playwright/test';

test.use({ actionTimeout: 15_000 });
test.setTimeout(120_000);

async function openWorkbench(page: Page) {
  await openRules(page);
  await page.getByRole('tab', { name: 'Expression workbench' }).click();
}

/** On the rule editor's Transformations page: a new Expression flow into `target`, typed in. */
async function addExpressionFlow(page: Page, editor: Locator, target: string, expression: string) {
  await editor.getByRole('tab', { name: 'Transformations' }).click();
  await editor.getByRole('button', { name: 'Add transformation' }).click();
  const flow = editor.getByRole('group', { name: 'Transformation 1' });
  await flow.getByRole('combobox', { name: 'Flow type' }).click();
  await page.getByRole('option', { name: 'Expression', exact: true }).click();
  await flow.getByRole('combobox', { name: 'Target attribute' }).fill(target);
  await page.getByRole('option', { name: target, exact: true }).click();
  await flow.getByRole('textbox', { name: 'Expression' }).click();
  await page.keyboard.type(expression);
  await page.keyboard.press('Escape');
  await expect(flow.getByRole('textbox', { name: 'Expression' })).toHaveText(expression);
  return flow;
}

/** The Rules screen after the scenario's steps ran, so that there are real objects to test on. */
async function openRulesWithObjects(page: Page) {
  await openRules(page);
  await page.getByRole('button', { name: 'Run scenario steps' }).click();
  await expect(page.getByRole('button', { name: 'Run scenario steps' })).toHaveCount(0);
}

async function openRules(page: Page) {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Rules' }).click();
  await expect(
    page.getByRole('heading', { name: 'Synchronization Rules Editor', level: 1 }),
  ).toBeVisible();
}

test('the expression editor completes, checks and tests an expression', async ({ page }) => {
  await openWorkbench(page);
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
  await openWorkbench(page);
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

test('create a custom inbound rule, validate, test, save, synchronize, export and import it', async ({
  page,
}) => {
  await openRulesWithObjects(page);
  await expect(page.getByRole('button', { name: 'Inbound' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  const grid = page.getByRole('grid', { name: 'Synchronization rules' });
  await expect(grid.getByRole('row', { name: /In from AD - User Join/ }).first()).toBeVisible();

  // 1. A custom inbound rule: Description, scoping filter, an expression flow.
  await page.getByRole('button', { name: 'Add new rule' }).click();
  const editor = page.getByRole('dialog', { name: 'Create inbound synchronization rule' });
  await editor.getByRole('textbox', { name: 'Name' }).fill('In from AD - User Initial DisplayName');
  const precedence = editor.getByRole('spinbutton', { name: 'Precedence' });
  await precedence.fill('100');
  // 2. Validation: precedence 100 belongs to an out-of-box rule; Save is blocked.
  const validation = editor.getByRole('region', { name: 'Validation' });
  await expect(validation).toContainText('Precedence 100 is already used by');
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  await precedence.fill('50');
  await expect(validation).not.toContainText('Precedence 100 is already used by');

  await editor.getByRole('tab', { name: 'Scoping filter' }).click();
  await editor.getByRole('button', { name: 'Add group' }).click();
  const group = editor.getByRole('group', { name: 'Scoping group 1' });
  await group.getByRole('combobox', { name: 'Attribute' }).fill('mail');
  await page.getByRole('option', { name: 'mail', exact: true }).click();
  await group.getByRole('combobox', { name: 'Operator' }).click();
  await page.getByRole('option', { name: 'ENDSWITH', exact: true }).click();
  await group.getByRole('textbox', { name: 'Value' }).fill('@contoso.com');

  const flow = await addExpressionFlow(page, editor, 'displayName', 'Left([givenName],1) & [sn]');
  await expect(validation).toContainText('No problems found.');

  // Test the expression on a real connector-space object.
  await flow.getByRole('button', { name: 'Test expression' }).click();
  const panel = flow.getByRole('region', { name: 'Test' });
  await panel.getByRole('button', { name: 'Real object' }).click();
  await panel.getByRole('combobox', { name: 'Connector space object' }).fill('Ann Lee');
  await page.getByRole('option', { name: /CN=Ann Lee/ }).click();
  await panel.getByRole('button', { name: 'Evaluate' }).click();
  await expect(panel.getByRole('status', { name: 'Test result' })).toContainText('"ALee"');

  // Scoping explained on the same object: the clause, its actual value, True.
  await editor.getByRole('tab', { name: 'Scoping filter' }).click();
  const scoping = editor.getByRole('region', { name: 'Scoping on an object' });
  await scoping.getByRole('combobox', { name: 'Connector space object' }).fill('Ann Lee');
  await page.getByRole('option', { name: /CN=Ann Lee/ }).click();
  await expect(scoping.getByRole('status', { name: 'Scope result' })).toContainText('In scope');
  await expect(
    scoping
      .getByRole('table', { name: 'Scoping clauses' })
      .getByRole('row', { name: /mail ENDSWITH/ }),
  ).toContainText(/@contoso\.com.*True/);
  await page.screenshot({ path: 'test-results/rules-scoping-explained.png', fullPage: true });

  // The impact before saving: counts, and the changed object in the browsable list.
  await editor.getByRole('tab', { name: 'Impact' }).click();
  const impact = editor.getByRole('region', { name: 'Impact before save' });
  await impact.getByRole('button', { name: 'Compute impact' }).click();
  const counts = impact.getByRole('table', { name: 'Impact counts' });
  await expect(counts.getByRole('row', { name: /^Metaverse/ })).toContainText(
    /Metaverse\s*0\s*[1-9]/,
  );
  await expect(counts.getByRole('row', { name: /AAD \(tenant\)/ })).toContainText(
    /\(tenant\)\s*0\s*[1-9]/,
  );
  const changes = impact.getByRole('grid', { name: 'Metaverse changes' });
  await expect(
    changes.getByRole('row', { name: /Ann Lee.*displayName: Ann Lee → ALee/ }),
  ).toBeVisible();
  await impact.getByRole('tab', { name: 'Exports' }).click();
  await expect(
    impact
      .getByRole('grid', { name: 'Exports' })
      .getByRole('row', { name: /displayName: Ann Lee → ALee/ })
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: 'test-results/rules-impact.png', fullPage: true });

  // 3. Save; the connector needs a Full Synchronization; run it; the metaverse value changes.
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toHaveCount(0);
  const required = page.getByRole('status', { name: 'Full Synchronization required' });
  await expect(required).toContainText('contoso.com');
  const row = grid.getByRole('row', { name: /In from AD - User Initial DisplayName/ });
  await expect(row).toContainText('50');
  await required.getByRole('button', { name: 'Run Full Synchronization' }).click();
  await expect(required).toHaveCount(0);

  await page.getByRole('tab', { name: 'Expression workbench' }).click();
  const workbench = page.getByRole('region', { name: 'Expression workbench' });
  await workbench.getByRole('combobox', { name: 'Source' }).click();
  await page.getByRole('option', { name: 'Metaverse (outbound)' }).click();
  const test = page.getByRole('region', { name: 'Test' });
  await test.getByRole('button', { name: 'Real object' }).click();
  await test.getByRole('combobox', { name: 'Metaverse object' }).fill('ALee');
  await expect(page.getByRole('option', { name: 'ALee', exact: true })).toBeVisible();
  await page.keyboard.press('Escape');

  // 4. Export the rule as PowerShell and import it again.
  await page.getByRole('tab', { name: 'Rules' }).click();
  await grid.getByRole('row', { name: /In from AD - User Initial DisplayName/ }).click();
  await page.getByRole('button', { name: 'Export' }).click();
  const io = page.getByRole('dialog', { name: 'Export and import rules' });
  const script = io.getByRole('textbox', { name: 'Exported rules' });
  await expect(script).toHaveValue(/New-ADSyncRule[\s\S]*'In from AD - User Initial DisplayName'/);
  const text = await script.inputValue();
  await io
    .getByRole('textbox', { name: 'Text to import' })
    .fill(text.replace('-Precedence 50', '-Precedense 50'));
  await io.getByRole('button', { name: 'Import' }).click();
  await expect(io.getByRole('status', { name: 'Import result' })).toContainText(
    /Nothing was imported\. .*line \d+/,
  );
  await io.getByRole('textbox', { name: 'Text to import' }).fill(text);
  await io.getByRole('button', { name: 'Import' }).click();
  await expect(io.getByRole('status', { name: 'Import result' })).toContainText(
    'In from AD - User Initial DisplayName (replaced)',
  );
  await io.getByRole('button', { name: 'Close' }).click();
  await page.screenshot({ path: 'test-results/rules-editor.png', fullPage: true });

  // The precedence view of displayName for Ann Lee: the custom rule at 50 wins.
  await page.getByRole('tab', { name: 'Precedence' }).click();
  const precedenceView = page.getByRole('region', { name: 'Precedence view' });
  await expect(precedenceView.getByRole('combobox', { name: 'Metaverse attribute' })).toHaveValue(
    'displayName',
  );
  await precedenceView
    .getByRole('combobox', { name: 'Metaverse object', exact: true })
    .fill('ALee');
  await page.getByRole('option', { name: 'ALee', exact: true }).click();
  await expect(precedenceView.getByRole('status', { name: 'Precedence result' })).toContainText(
    "displayName = ALee (from 'In from AD - User Initial DisplayName')",
  );
  const contributing = precedenceView.getByRole('table', { name: 'Contributing rules' });
  await expect(contributing.getByRole('row').nth(1)).toContainText(
    /50.*Initial DisplayName.*ALee.*Wins: the first rule with a value/,
  );
  await expect(
    contributing.getByRole('row', { name: /In from AD - User Common/ }).first(),
  ).toContainText('lower precedence');
  await page.screenshot({ path: 'test-results/rules-precedence.png', fullPage: true });

  // Clone a default rule, then compare against the defaults: the custom rule, the clone and
  // the disabled original.
  await page.getByRole('tab', { name: 'Rules' }).click();
  await grid
    .getByRole('row', { name: /In from AD - User Join/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page
    .getByRole('dialog', { name: 'Edit Reserved Rule Confirmation' })
    .getByRole('button', { name: 'Yes' })
    .click();
  const cloneEditor = page.getByRole('dialog', { name: 'Create inbound synchronization rule' });
  await cloneEditor.getByRole('button', { name: 'Save' }).click();
  await expect(cloneEditor).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Full Synchronization required' })).toContainText(
    'contoso.com',
  );
  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.getByRole('region', { name: 'Compare rule sets' });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByRole('status', { name: 'Compare summary' })).toContainText(
    /2 added, 0 deleted, 1 modified/,
  );
  const differences = compare.getByRole('table', { name: 'Rule differences' });
  await expect(
    differences.getByRole('row', { name: /Added In from AD - User Initial DisplayName/ }),
  ).toBeVisible();
  await expect(
    differences.getByRole('row', { name: /Added In from AD - User Join .*clone/ }),
  ).toBeVisible();
  await compare
    .getByRole('button', { name: 'Show the differences of In from AD - User Join' })
    .click();
  await expect(
    compare.getByRole('table', { name: 'Differences of In from AD - User Join' }),
  ).toContainText(/Disabled\s*False\s*True/);
  const revert = compare.getByRole('region', {
    name: 'Impact of replacing the current rules with the reference',
  });
  await revert.getByRole('button', { name: 'Compute impact' }).click();
  await expect(revert.getByRole('table', { name: 'Impact counts' })).toBeVisible();
  await page.screenshot({ path: 'test-results/rules-compare.png', fullPage: true });

  // Deleting the custom rule shows its impact (and the deletion threshold) first.
  await page.getByRole('tab', { name: 'Rules' }).click();
  await grid.getByRole('row', { name: /In from AD - User Initial DisplayName/ }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete synchronization rule' });
  const deleting = confirm.getByRole('region', { name: 'Impact of deleting the rule' });
  await deleting.getByRole('button', { name: 'Compute impact' }).click();
  await expect(deleting.getByRole('grid', { name: 'Metaverse changes' })).toContainText(
    'displayName: ALee → Ann Lee',
  );
  // The clone saved above also awaits its Full Synchronization: a baseline copy keeps its effect
  // out of the rule's.
  await expect(
    deleting.getByRole('table', { name: 'Impact counts' }).getByRole('row', { name: /tenant/ }),
  ).toContainText(/\(tenant\)\s*0\s*2\s*0\s*0/);
  await expect(deleting.getByRole('alert', { name: 'Deletion threshold' })).toContainText(
    'deletion threshold: 500',
  );
  await page.screenshot({ path: 'test-results/rules-delete-impact.png', fullPage: true });
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(
    grid.getByRole('row', { name: /In from AD - User Initial DisplayName/ }),
  ).toHaveCount(0);
});

test('opening a default rule offers a clone (the original is disabled) or a read-only view', async ({
  page,
}) => {
  await openRulesWithObjects(page);
  const grid = page.getByRole('grid', { name: 'Synchronization rules' });
  // contoso.com's rule: Ann Lee is a user there (in fabrikam.com she is a GALSync contact).
  const join = grid
    .getByRole('row', { name: /In from AD - User Join/ })
    .filter({ hasText: 'contoso.com' });
  await join.click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const ask = page.getByRole('dialog', { name: 'Edit Reserved Rule Confirmation' });
  await ask.getByRole('button', { name: 'No' }).click();
  const view = page.getByRole('dialog', { name: 'View inbound synchronization rule (read-only)' });
  await expect(view.getByRole('textbox', { name: 'Name' })).toBeDisabled();
  await view.getByRole('button', { name: 'Close' }).click();

  await join.click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page
    .getByRole('dialog', { name: 'Edit Reserved Rule Confirmation' })
    .getByRole('button', { name: 'Yes' })
    .click();
  const clone = page.getByRole('dialog', { name: 'Create inbound synchronization rule' });
  await expect(clone.getByRole('textbox', { name: 'Name' })).toHaveValue(/In from AD - User Join/);
  await expect(clone.getByRole('spinbutton', { name: 'Precedence' })).toHaveValue('99');
  // The join explained on an object: the candidates of each group and the outcome.
  await clone.getByRole('tab', { name: 'Join rules' }).click();
  const joinExplained = clone.getByRole('region', { name: 'Join on an object' });
  await joinExplained.getByRole('combobox', { name: 'Connector space object' }).fill('Ann Lee');
  await page.getByRole('option', { name: /CN=Ann Lee/ }).click();
  await expect(joinExplained.getByRole('status', { name: 'Join result' })).toContainText(
    /Joins Ann Lee \(group \d\)\./,
  );
  await expect(joinExplained.getByRole('group', { name: 'Join group 1 candidates' })).toContainText(
    /Group 1: /,
  );
  await page.screenshot({ path: 'test-results/rules-join-explained.png', fullPage: true });
  await clone.getByRole('button', { name: 'Save' }).click();
  await expect(clone).toHaveCount(0);
  const rows = grid.getByRole('row', { name: /In from AD - User Join/ });
  await expect(rows.filter({ hasText: '99' }).first()).toContainText('Yes');
  await expect(rows.filter({ hasText: 'Microsoft.' }).first()).toContainText('No');
});

test('the precedence view, outbound: the rules writing an Entra ID attribute, the winner for an object, and a reorder', async ({
  page,
}) => {
  await openRulesWithObjects(page);
  await page.getByRole('button', { name: 'Outbound' }).click();
  // Two custom outbound rules for displayName: A at 60, B at 999 (allowed, with a warning).
  for (const [letter, precedence] of [
    ['A', '60'],
    ['B', '999'],
  ] as const) {
    await page.getByRole('button', { name: 'Add new rule' }).click();
    const editor = page.getByRole('dialog', { name: 'Create outbound synchronization rule' });
    await editor
      .getByRole('textbox', { name: 'Name' })
      .fill(`Out to AAD - User DisplayName ${letter}`);
    await editor.getByRole('spinbutton', { name: 'Precedence' }).fill(precedence);
    await addExpressionFlow(page, editor, 'displayName', `"${letter} " & [displayName]`);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);
  }

  await page.getByRole('tab', { name: 'Precedence' }).click();
  const view = page.getByRole('region', { name: 'Precedence view' });
  await view.getByRole('button', { name: 'Outbound' }).click();
  await expect(view.getByRole('combobox', { name: 'Target connector' })).toHaveText(
    'contoso.onmicrosoft.com - AAD',
  );
  await expect(view.getByRole('combobox', { name: 'Connector object type' })).toHaveText('user');
  await expect(view.getByRole('combobox', { name: 'Target attribute' })).toHaveValue('displayName');
  await view.getByRole('combobox', { name: 'Metaverse object', exact: true }).fill('Ann Lee');
  await page.getByRole('option', { name: 'Ann Lee', exact: true }).click();
  const result = view.getByRole('status', { name: 'Precedence result' });
  await expect(result).toContainText(
    "Ann Lee: displayName = A Ann Lee (from 'Out to AAD - User DisplayName A')",
  );
  await expect(result).toContainText(
    /Target in contoso\.onmicrosoft\.com - AAD: CN=\{[0-9A-F]+\} \(user\)\. It has Ann Lee; export changes it to A Ann Lee\./,
  );
  const rules = view.getByRole('table', { name: 'Contributing rules' });
  await expect(rules.getByRole('row').nth(1)).toContainText(
    /60.*DisplayName A.*A Ann Lee.*Wins: the first rule with a value/,
  );
  await expect(rules.getByRole('row', { name: /Out to AAD - User Identity/ })).toContainText(
    /Ann Lee.*lower precedence/,
  );
  const b = rules.getByRole('row', { name: /DisplayName B/ });
  await expect(b).toContainText(
    "Custom rules need a whole precedence from 0 to 99; 'Out to AAD - User DisplayName B' has 999.",
  );
  await page.screenshot({ path: 'test-results/rules-precedence-outbound.png', fullPage: true });

  // B moves above A: it takes A's number and A the next free one; B now wins.
  await b.getByRole('button', { name: 'Move Out to AAD - User DisplayName B up' }).click();
  await view.getByRole('button', { name: 'Apply order' }).click();
  await expect(view.getByRole('status', { name: 'Reorder result' })).toContainText(
    'Out to AAD - User DisplayName B: 999 → 60, Out to AAD - User DisplayName A: 60 → 61.',
  );
  await expect(result).toContainText(
    "displayName = B Ann Lee (from 'Out to AAD - User DisplayName B')",
  );
  await expect(b).not.toContainText('Custom rules need');
});

test('a saved rule and its edit are kept after a reload (the workspace action log) and undo', async ({
  page,
}) => {
  await openRulesWithObjects(page);
  const grid = page.getByRole('grid', { name: 'Synchronization rules' });
  const row = grid.getByRole('row', { name: /In from AD - User Department/ });
  const required = page.getByRole('status', { name: 'Full Synchronization required' });

  await page.getByRole('button', { name: 'Add new rule' }).click();
  const create = page.getByRole('dialog', { name: 'Create inbound synchronization rule' });
  await create.getByRole('textbox', { name: 'Name' }).fill('In from AD - User Department');
  await create.getByRole('spinbutton', { name: 'Precedence' }).fill('45');
  await addExpressionFlow(page, create, 'department', '"Sales"');
  await create.getByRole('button', { name: 'Save' }).click();
  await expect(create).toHaveCount(0);
  await expect(row).toContainText('45');

  // The edit: another precedence and a description.
  await row.click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit inbound synchronization rule' });
  await edit.getByRole('spinbutton', { name: 'Precedence' }).fill('44');
  await edit.getByRole('textbox', { name: 'Description' }).fill('Everyone is in Sales.');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('44');
  await expect(required).toContainText('contoso.com');

  // A reload replays the autosaved log: the rule, its edit and the pending Full Synchronization.
  await page.reload();
  await expect(
    page.getByRole('heading', { name: 'Synchronization Rules Editor', level: 1 }),
  ).toBeVisible();
  await expect(row).toContainText('44');
  await expect(required).toContainText('contoso.com');
  await row.click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await expect(edit.getByRole('textbox', { name: 'Description' })).toHaveValue(
    'Everyone is in Sales.',
  );
  await edit.getByRole('tab', { name: 'Transformations' }).click();
  await expect(
    edit
      .getByRole('group', { name: 'Transformation 1' })
      .getByRole('textbox', { name: 'Expression' }),
  ).toHaveText('"Sales"');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  // Undo (in the workspace bar of the Forests screen) takes back the edit, then the rule.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Forests' }).click();
  await page.getByRole('tab', { name: 'Change log' }).click();
  const saves = page
    .getByRole('list', { name: 'Changes' })
    .getByRole('listitem')
    .filter({ hasText: 'Saved rule In from AD - User Department' });
  await expect(saves).toHaveCount(2);
  await expect(saves.filter({ hasText: 'undone' })).toHaveCount(0);
  // The feedback appears above the tabs: wait for it before clicking anything below.
  const undone = page.getByRole('status', { name: 'Undone' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(undone).toBeVisible();
  await expect(saves.nth(1)).toContainText('undone');
  await expect(saves.nth(0)).not.toContainText('undone');
  await nav.getByRole('link', { name: 'Rules' }).click();
  await expect(row).toContainText('45');
  await nav.getByRole('link', { name: 'Forests' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(undone).toBeVisible();
  await page.getByRole('tab', { name: 'Change log' }).click();
  await expect(saves.filter({ hasText: 'undone' })).toHaveCount(2);
  await page.reload();
  await nav.getByRole('link', { name: 'Rules' }).click();
  await expect(grid.getByRole('row', { name: /In from AD - User Join/ }).first()).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(required).toHaveCount(0);
});
