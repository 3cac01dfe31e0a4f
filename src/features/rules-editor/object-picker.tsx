import { useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import type { ObjectChoiceDto } from '../../worker/api-rules.ts';
import { useObjectChoices, type ObjectSearch } from './rules-api.ts';

export interface ObjectPickerProps {
  /** Where the objects come from: a connector's space (and type) or the metaverse. */
  source: Omit<ObjectSearch, 'text'>;
  value: ObjectChoiceDto | null;
  onChange: (v: ObjectChoiceDto | null) => void;
  /** Defaults to "Connector space object" / "Metaverse object". */
  label?: string;
}

/** Finds a real object by DN (connector space) or display name (metaverse), 20 at a time. */
export function ObjectPicker({ source, value, onChange, label }: ObjectPickerProps) {
  const [search, setSearch] = useState('');
  const choices = useObjectChoices({ ...source, text: search }, true);
  return (
    <Autocomplete
      size="small"
      options={choices.data ?? []}
      value={value}
      onChange={(_, v) => onChange(v)}
      inputValue={search}
      onInputChange={(_, v) => setSearch(v)}
      filterOptions={(x) => x}
      getOptionLabel={(o) => o.label}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label ?? (source.scope === 'mv' ? 'Metaverse object' : 'Connector space object')}
        />
      )}
      sx={{ minWidth: 360, flex: 1 }}
    />
  );
}
