/** Column Settings: which metaverse attributes the results grid shows. */
import { useState } from 'react';
import {
  Autocomplete,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@mui/material';

interface Props {
  columns: string[];
  attributes: string[];
  onApply: (columns: string[]) => void;
  onClose: () => void;
}

export function ColumnSettings({ columns, attributes, onApply, onClose }: Props) {
  const [value, setValue] = useState(columns);
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="columns-title">
      <DialogTitle id="columns-title">Column settings</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          The attributes shown as columns, in order. Sorting and paging happen in the engine worker.
        </DialogContentText>
        <Autocomplete
          multiple
          freeSolo
          options={attributes}
          value={value}
          onChange={(_, v) => setValue(v)}
          renderInput={(p) => <TextField {...p} label="Columns" />}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          onClick={() => {
            onApply(value);
            onClose();
          }}
        >
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}
