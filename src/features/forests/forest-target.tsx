/** Choosing where objects go: an existing forest, or a new one with its DNS and NetBIOS names. */
import { FormControl, InputLabel, MenuItem, Select, Stack, TextField } from '@mui/material';
import { useForests } from './forests-api.ts';

export const NEW_FOREST = '__new__';

export interface ForestTarget {
  forest: string;
  newName: string;
  newNetbios: string;
}

/** The NetBIOS name AD proposes for a DNS domain: its first label, upper case, at most 15. */
export function netbiosOf(domain: string): string {
  return (domain.split('.')[0] ?? '').toUpperCase().slice(0, 15);
}

export function ForestTargetFields({
  value,
  onChange,
}: {
  value: ForestTarget;
  onChange: (v: ForestTarget) => void;
}) {
  const forests = useForests();
  return (
    <Stack spacing={2}>
      <FormControl>
        <InputLabel id="target-forest-label">Forest</InputLabel>
        <Select
          labelId="target-forest-label"
          label="Forest"
          value={value.forest}
          onChange={(e) => onChange({ ...value, forest: e.target.value })}
        >
          {(forests.data ?? []).map((f) => (
            <MenuItem key={f.name} value={f.name}>
              {f.name}
            </MenuItem>
          ))}
          <MenuItem value={NEW_FOREST}>New forest…</MenuItem>
        </Select>
      </FormControl>
      {value.forest === NEW_FOREST && (
        <Stack direction="row" spacing={2}>
          <TextField
            label="Forest DNS name"
            value={value.newName}
            onChange={(e) =>
              onChange({ ...value, newName: e.target.value, newNetbios: netbiosOf(e.target.value) })
            }
          />
          <TextField
            label="NetBIOS name"
            value={value.newNetbios}
            slotProps={{ htmlInput: { maxLength: 15 } }}
            onChange={(e) => onChange({ ...value, newNetbios: e.target.value.toUpperCase() })}
          />
        </Stack>
      )}
    </Stack>
  );
}

/** The target as the fields of an import or generate action. */
export function targetFields(t: ForestTarget): { forest: string; newForestNetbios?: string } {
  return t.forest === NEW_FOREST
    ? { forest: t.newName.trim().toLowerCase(), newForestNetbios: t.newNetbios.trim() }
    : { forest: t.forest };
}
