/**
 * What the perf specs share: the generated workspace (SYNCLAB_PERF_OBJECTS objects, default 100,000:
 * 65 % users, 10 % groups, 25 % contacts, as the engine benchmark), opened from the Forests screen
 * with the Generate objects dialog filled in. Not a spec itself (`*.perf.ts` only are).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const OBJECTS = Number(process.env.SYNCLAB_PERF_OBJECTS ?? 100_000);
export const USERS = Math.round(OBJECTS * 0.65);
export const GROUPS = Math.round(OBJECTS * 0.1);
export const CONTACTS = OBJECTS - USERS - GROUPS;

/**
 * Opens the Forests screen with `probe` installed before the app, and fills in the Generate objects
 * dialog (seed 7, the sizes above). Returns the dialog and the new forest's name; the caller clicks
 * Generate, so that it can time from the click.
 */
export async function fillGenerateDialog(
  page: Page,
  probe: () => void,
): Promise<{ dialog: Locator; forest: string }> {
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.addInitScript(probe);
  await page.goto('/forests');
  await expect(page.getByText(/^Scenario: /)).toBeVisible();
  await page.getByRole('button', { name: 'Generate objects' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate objects' });
  await dialog.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await dialog.getByRole('spinbutton', { name: 'Users' }).fill(String(USERS));
  await dialog.getByRole('spinbutton', { name: 'Groups' }).fill(String(GROUPS));
  await dialog.getByRole('spinbutton', { name: 'Contacts' }).fill(String(CONTACTS));
  const forest = await dialog.getByRole('textbox', { name: 'Forest DNS name' }).inputValue();
  return { dialog, forest };
}
