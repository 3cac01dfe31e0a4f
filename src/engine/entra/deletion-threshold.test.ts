import { describe, expect, it } from 'vitest';
import { checkDeletionThreshold, DEFAULT_DELETION_THRESHOLD } from './deletion-threshold.ts';

describe('checkDeletionThreshold', () => {
  it('allows up to the threshold and stops past it (default 500)', () => {
    expect(DEFAULT_DELETION_THRESHOLD).toBe(500);
    expect(checkDeletionThreshold(500).exceeded).toBe(false);
    const r = checkDeletionThreshold(501);
    expect(r.exceeded).toBe(true);
    if (r.exceeded) {
      expect(r.status).toBe('stopped-deletion-threshold-exceeded');
      expect(r.eventId).toBe(116);
    }
  });

  it('words the event like event 116', () => {
    const r = checkDeletionThreshold(100, 50);
    expect(r.exceeded && r.message).toBe(
      'Prevent Accidental Deletes: The number of deletions for this sync cycle (100 pending deletes) has exceeded the current threshold of 50 objects. Deletions will be suppressed for this sync cycle. Please visit http://go.microsoft.com/fwlink/?LinkId=390655 for more information.',
    );
  });

  it('counts only the Delete operations of a list of pending exports', () => {
    const ops = [
      { kind: 'Delete' },
      { kind: 'Add' },
      { kind: 'Delete' },
      { kind: 'Update' },
      { kind: 'Delete' },
    ];
    expect(checkDeletionThreshold(ops, 3)).toEqual({
      exceeded: false,
      pendingDeletes: 3,
      threshold: 3,
    });
    expect(checkDeletionThreshold(ops, 2).exceeded).toBe(true);
  });

  it('is disabled by null or false', () => {
    expect(checkDeletionThreshold(10_000, null)).toEqual({
      exceeded: false,
      pendingDeletes: 10_000,
      threshold: null,
    });
    expect(checkDeletionThreshold(10_000, false).exceeded).toBe(false);
  });
});
