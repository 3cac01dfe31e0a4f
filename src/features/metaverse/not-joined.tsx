/**
 * "Why is this connector-space object not joined?" for an object that is not in the metaverse
 * (a disconnector): named by its connector and distinguished name.
 */
import { memo, useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMoreOutlined from '@mui/icons-material/ExpandMoreOutlined';
import { useMutation } from '@tanstack/react-query';
import { useWorkspace } from '../../lib/workspace.ts';
import { whyNotJoinedByDn } from './metaverse-api.ts';
import { ExplanationView } from './object-properties.tsx';

const QUESTION = 'Why is this connector-space object not joined?';

export const NotJoined = memo(function NotJoined() {
  const workspace = useWorkspace();
  const connectors = workspace.data?.connectors ?? [];
  const [connector, setConnector] = useState('');
  const [dn, setDn] = useState('');
  const why = useMutation({ mutationFn: whyNotJoinedByDn });
  const chosen = connector || connectors[0]?.name || '';
  return (
    <Accordion variant="outlined" disableGutters>
      <AccordionSummary expandIcon={<ExpandMoreOutlined />}>
        <Typography>
          Not in the metaverse? Ask why a connector-space object is not joined
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Stack spacing={2}>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
            <FormControl size="small" sx={{ minWidth: 260 }}>
              <InputLabel id="nj-connector">Connector</InputLabel>
              <Select
                labelId="nj-connector"
                label="Connector"
                value={chosen}
                onChange={(e) => setConnector(e.target.value)}
              >
                {connectors.map((c) => (
                  <MenuItem key={c.name} value={c.name}>
                    {c.name}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <TextField
              size="small"
              label="Distinguished name"
              value={dn}
              onChange={(e) => setDn(e.target.value)}
              sx={{ flex: 1 }}
            />
            <Button
              variant="outlined"
              disabled={!chosen || !dn.trim()}
              onClick={() => why.mutate({ connector: chosen, dn })}
            >
              {QUESTION}
            </Button>
          </Stack>
          {why.data && <ExplanationView title={QUESTION} explanation={why.data} />}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
});
