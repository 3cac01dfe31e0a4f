import type { ReactNode } from 'react';
import { Box, Button, IconButton, Paper, Stack, Typography } from '@mui/material';
import DeleteOutline from '@mui/icons-material/DeleteOutlineOutlined';

interface ClauseGroupsProps<T> {
  /** "Scoping" or "Join": names the groups ("Scoping group 1") for screen readers. */
  kind: string;
  /** Names each clause's remove button: `Remove clause 2`, `Remove join clause 2`. */
  removeLabel: string;
  groups: T[][];
  onChange: (groups: T[][]) => void;
  /** A new, empty clause. */
  empty: () => T;
  /** The clause's fields; `update` merges a change into it. */
  renderClause: (clause: T, update: (patch: Partial<T>) => void) => ReactNode;
  disabled: boolean;
}

/**
 * The groups-of-clauses editor the rule wizard uses on both the Scoping filter page (clauses ANDed,
 * groups ORed) and the Join rules page (groups tried in order): add and remove clauses and groups;
 * a group left without clauses disappears, as in the real editor.
 */
export function ClauseGroups<T>({
  kind,
  removeLabel,
  groups,
  onChange,
  empty,
  renderClause,
  disabled,
}: ClauseGroupsProps<T>) {
  const withGroup = (g: number, change: (group: T[]) => T[]) =>
    groups.map((group, n) => (n === g ? change(group) : group)).filter((gr) => gr.length > 0);
  return (
    <>
      {groups.map((group, g) => (
        <Paper
          variant="outlined"
          key={g}
          sx={{ p: 2 }}
          role="group"
          aria-label={`${kind} group ${g + 1}`}
        >
          <Stack spacing={1}>
            <Typography variant="subtitle2">Group {g + 1}</Typography>
            {group.map((clause, i) => (
              <Stack direction="row" spacing={1} key={i} sx={{ alignItems: 'center' }}>
                {renderClause(clause, (patch) =>
                  onChange(
                    withGroup(g, (gr) => gr.map((c, n) => (n === i ? { ...c, ...patch } : c))),
                  ),
                )}
                <IconButton
                  aria-label={`${removeLabel} ${i + 1}`}
                  disabled={disabled}
                  onClick={() => onChange(withGroup(g, (gr) => gr.filter((_, n) => n !== i)))}
                >
                  <DeleteOutline />
                </IconButton>
              </Stack>
            ))}
            <Box>
              <Button
                disabled={disabled}
                onClick={() => onChange(withGroup(g, (gr) => [...gr, empty()]))}
              >
                Add clause
              </Button>
            </Box>
          </Stack>
        </Paper>
      ))}
      <Box>
        <Button disabled={disabled} onClick={() => onChange([...groups, [empty()]])}>
          Add group
        </Button>
      </Box>
    </>
  );
}
