/** The screen's dialogs: a title, fields, and Cancel / a primary action. */
import type { ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';

export function FormDialog(props: {
  open?: boolean;
  id: string;
  title: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: string;
  cancelLabel?: string;
  /** While work runs the dialog cannot be closed and the action is disabled. */
  busy?: boolean;
  submitDisabled?: boolean;
  children: ReactNode;
}) {
  const busy = props.busy ?? false;
  return (
    <Dialog
      open={props.open ?? true}
      onClose={busy ? undefined : props.onClose}
      aria-labelledby={props.id}
    >
      <DialogTitle id={props.id}>{props.title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1, minWidth: 420 }}>
          {props.children}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          {props.cancelLabel ?? 'Cancel'}
        </Button>
        <Button
          variant="contained"
          onClick={props.onSubmit}
          disabled={busy || (props.submitDisabled ?? false)}
        >
          {props.submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
