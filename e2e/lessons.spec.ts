import { expect, test, type Page } from '@playwright/test';

async function openLessons(page: Page) {
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Lessons' })
    .click();
  await expect(page.getByRole('heading', { name: 'Lessons', level: 1 })).toBeVisible();
}

async function expectStep(page: Page, title: RegExp) {
  await expect(page.getByRole('heading', { level: 3, name: title })).toBeVisible();
}

async function passAndNext(page: Page) {
  await expect(page.getByRole('status', { name: 'Step check' })).toHaveText(
    'Done: the check passes. Press Next.',
  );
  await page.getByRole('button', { name: 'Next' }).click();
}

async function showMe(page: Page) {
  await expect(page.getByRole('status', { name: 'Step check' })).toHaveText(
    'Not yet: the check does not pass.',
  );
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.getByRole('button', { name: 'Show me' }).click();
  await passAndNext(page);
}

test('a learner completes the contact-to-user promotion lesson', async ({ page }) => {
  await openLessons(page);
  await page
    .getByRole('list', { name: 'Lesson list' })
    .getByRole('button', { name: /Contact-to-user promotion/ })
    .click();
  await page.getByRole('button', { name: 'Start lesson' }).click();
  await expectStep(page, /Step 1 of 5: Import contoso\.com/);
  await expect(page.getByRole('status', { name: 'Step check' })).toHaveText(
    'Not yet: the check does not pass.',
  );

  // Step 1 in the real Sync screen, as the action says.
  await page.getByRole('link', { name: 'Open the Sync screen' }).click();
  await expect(page.getByRole('table', { name: 'Connectors' })).toContainText('fabrikam.com');
  await page.getByRole('button', { name: 'Run contoso.com', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Full Import', exact: true }).click();
  await expect(
    page.getByRole('table', { name: 'Connectors' }).getByRole('row', { name: /^contoso\.com/ }),
  ).toContainText('Full Import: success');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Lessons' })
    .click();
  await expectStep(page, /Step 1 of 5/);
  await expect(page.getByRole('list', { name: 'Observations' })).toContainText(
    "Carl Berg's contact is in the contoso.com connector space",
  );
  await passAndNext(page);

  // Step 2 with a hint, then Show me.
  await expectStep(page, /Step 2 of 5: Synchronize contoso\.com/);
  await page.getByRole('button', { name: 'Hint' }).click();
  await expect(page.getByRole('region', { name: 'Hints' })).toContainText('sourceObjectType');
  await showMe(page);

  await expectStep(page, /Step 3 of 5: Export the contact/);
  await showMe(page);
  await expectStep(page, /Step 4 of 5: Bring in fabrikam\.com/);
  await showMe(page);
  await expectStep(page, /Step 5 of 5: Export: the contact is promoted/);
  await page.getByRole('button', { name: 'Show me' }).click();
  await expect(page.getByRole('list', { name: 'Observations' })).toContainText(
    'Carl Berg is now a user in Entra ID',
  );
  await expect(page.getByRole('list', { name: 'Observations' })).toContainText(
    'the contact is gone',
  );
  await passAndNext(page);
  await expect(page.getByText('Lesson complete.')).toBeVisible();

  // Progress is kept with the workspace.
  await page.reload();
  await expect(page.getByText('Lesson complete.')).toBeVisible();

  // Reset lesson starts over at step 1 on a fresh scenario.
  await page.getByRole('button', { name: 'Reset lesson' }).click();
  await expectStep(page, /Step 1 of 5/);
  await expect(page.getByRole('status', { name: 'Step check' })).toHaveText(
    'Not yet: the check does not pass.',
  );
});

test('Verify import order finds the order dependence of the user-matching pitfall', async ({
  page,
}) => {
  await openLessons(page);
  await page
    .getByRole('list', { name: 'Lesson list' })
    .getByRole('button', { name: /user-matching pitfall/ })
    .click();
  await page.getByRole('button', { name: 'Start lesson' }).click();
  await expectStep(page, /Step 1 of 2/);
  await page.getByRole('button', { name: 'Verify import order' }).click();
  const verdict = page.getByRole('region', { name: 'Import order' }).getByRole('status');
  await expect(verdict).toContainText('The import order matters');
  const differences = page.getByRole('table', { name: 'Differences' });
  await expect(differences).toContainText('Dana Fox (metaverse)');
  await expect(differences).toContainText('fabrikam.com → contoso.com');
});
